"""The three pages a person moves between: Today, History, Trends."""
