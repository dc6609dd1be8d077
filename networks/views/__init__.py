"""The networks app's pages, one module per concept: `invitations` (inviting people
into roles, accepting an invitation) and `recruitment` (a network's Gewinnungsphase).
The URLs are in networks/urls.py."""
