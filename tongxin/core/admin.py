"""Django admin as a read-only browser of the data.

Every write goes through the services (history, validation, permission, dated
facts); the admin would bypass them, so domain models are registered read-only.
"""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Browse and search, never add, change or delete."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
