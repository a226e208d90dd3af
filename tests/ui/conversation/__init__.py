"""Tests of the conversation pane: the timeline by channel and the safe email view."""
