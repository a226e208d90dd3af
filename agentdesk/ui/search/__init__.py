"""Searching the desk: the search box, its hits as a list, and the requests behind them."""
