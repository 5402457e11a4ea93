"""Print the crawl's report (pages per role, slowest pages) after the tests.

The crawl test attaches its report to its test report as the user property
``crawl_report``; this hook prints it in the terminal summary, also when the
test ran in an xdist worker.
"""


def pytest_terminal_summary(terminalreporter):
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "crawl_report":
                    terminalreporter.write_sep("=", "crawl of the demo committee")
                    terminalreporter.write_line(value)
