"""The main window and the controller that ties its feature widgets to the server."""
