"""`{{ session.user_agent|describe_user_agent }}`: "Firefox unter Windows"."""

from django import template

from lib.user_agents import describe

register = template.Library()
register.filter("describe_user_agent", describe)
