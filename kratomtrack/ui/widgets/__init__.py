"""Small widgets the pages share: the warning strip, the check-in grid, red flags, due markers, text looks."""
