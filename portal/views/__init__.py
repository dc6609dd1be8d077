"""portal's pages, one module per concern: `start` (home, start page, account,
language, favicon), `networks` (a network's pages) and `reports` (reports to the
funder). The URLs are in portal/urls.py."""
