"""The Textual player: screens and widgets over the core and the store."""
