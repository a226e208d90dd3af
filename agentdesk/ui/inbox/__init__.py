"""The unified inbox: the conversation list, its rows' painting and the views pane."""
