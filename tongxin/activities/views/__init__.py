"""Pages of activities and social service: events and sign-up (:mod:`.events`),
attendance, QR code and check-in (:mod:`.attendance`), series and attendance
statistics (:mod:`.series`), programs and funds (:mod:`.social`), the photo
archive (:mod:`.photos`).  Reads go through the selectors, writes through the
services, permission questions through the policy."""
