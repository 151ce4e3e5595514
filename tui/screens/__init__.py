"""Screens of the player: home, incident, timeline, help, and the dialogs."""
