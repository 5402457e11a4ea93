"""``tongxin grant USER ROLE ORG_CODE [--revoke]``: grant a role on a subtree."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tongxin.accounts.models import Grant, Role, User
from tongxin.accounts.services import grant_revoke, grant_role
from tongxin.core.errors import ServiceError
from tongxin.orgs.models import Organization


class Command(BaseCommand):
    help = "Grant (or with --revoke, take back) a role on an organization's subtree."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("org_code")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, role, org_code, revoke, **options):
        try:
            user = User.objects.get(username=username)
            org = Organization.objects.get(code=org_code)
        except User.DoesNotExist as e:
            raise CommandError(f"用户“{username}”不存在。") from e
        except Organization.DoesNotExist as e:
            raise CommandError(f"组织代码“{org_code}”不存在。") from e
        try:
            if revoke:
                grant = Grant.objects.get(user=user, role=role, organization=org)
                grant_revoke(by=None, grant=grant)
                self.stdout.write(f"已收回 {user} 在“{org}”的{Role(role).label}权限。")
            else:
                grant_role(by=None, user=user, role=role, organization=org)
                self.stdout.write(
                    f"已授予 {user} 在“{org}”及其下级的{Role(role).label}权限。"
                )
        except Grant.DoesNotExist as e:
            raise CommandError("该用户没有这项授权。") from e
        except (ServiceError, ValidationError) as e:
            raise CommandError(
                getattr(e, "message", None) or "; ".join(e.messages)
            ) from e
