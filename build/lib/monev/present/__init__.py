"""Present: Indonesian formatting, the chart theme and charts, escaped tables, the explorer."""
