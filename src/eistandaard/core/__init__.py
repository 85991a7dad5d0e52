"""Ground floor: errors, findings, report, paths, clock, money, XML and the parsed Message."""
