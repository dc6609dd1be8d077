"""The events app's pages, one module per concept; events/urls.py maps them."""
