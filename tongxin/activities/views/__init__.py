"""Pages of activities and social service: events, sign-up and attendance
(:mod:`.events`), programs and funds (:mod:`.social`), the photo archive
(:mod:`.photos`).  Reads go through the selectors, writes through the
services, permission questions through the policy."""
