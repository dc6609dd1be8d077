# Meetings, agenda, invitations, attendance and minutes arrive with the meetings issue.
