from rest_framework import authentication


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        return None


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request):
        return None
