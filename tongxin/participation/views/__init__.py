"""Pages of political participation: items (:mod:`.items`) and the rest (:mod:`.other`)."""
