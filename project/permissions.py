"""The API's default permission class."""

from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's DjangoModelPermissionsOrAnonReadOnly, with the same answers (tests/test_permissions.py
    compares them), without building the view's queryset for a method that needs no permission
    (GET, HEAD, OPTIONS). DRF builds it only to learn the model whose permissions it would
    check; on the event list that was a second visible_to() queryset per read. One difference:
    on reads, a view without a queryset is no longer reported as misconfigured here."""

    def has_permission(self, request, view):
        if request.method in self.perms_map and not self.perms_map[request.method]:
            user = request.user
            if not user or (not user.is_authenticated and self.authenticated_users_only):
                return False
            return user.has_perms([])
        return super().has_permission(request, view)
