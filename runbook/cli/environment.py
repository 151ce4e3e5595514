"""Everything runbook takes from its environment, read in this one module: the RUNBOOK_*
variables, the locale, the login name and the platform's per-user folders.

The CLI reads it once per command; nothing below the CLI reads the environment (the core,
the store and the player are handed what it says, in a `Workspace`). An option given on the
command line wins over what is read here (`runbook.cli.invocation`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from msgspec import Struct

from runbook.cli.utf8 import NOT_UTF8, escaped, is_text
from runbook.errors import UsageError
from runbook.i18n import Lang, Msg, default_lang
from runbook.vocabulary import GROUP_IDS

# Every variable runbook reads (README "Commands", "The record", "The player").
DB: Final = "RUNBOOK_DB"  # the database file
USER: Final = "RUNBOOK_USER"  # who acts (default: the login name)
GROUP: Final = "RUNBOOK_GROUP"  # the group they act for
SETTINGS: Final = "RUNBOOK_SETTINGS"  # the institution's settings overrides
PLAYBOOKS: Final = "RUNBOOK_PLAYBOOKS"  # the institution's playbooks folder
ROSTER: Final = "RUNBOOK_ROSTER"  # a roster file in place of the folder's roster.yaml
CACHE: Final = "RUNBOOK_CACHE"  # the library cache's folder, or `off`
LANG: Final = "RUNBOOK_LANG"  # the language, before the locale's variables
DEBUG: Final = "RUNBOOK_DEBUG"  # show the traceback of an internal error
TRACE_FILE: Final = "RUNBOOK_TRACE_FILE"  # append that traceback to this file
KEYS: Final = "RUNBOOK_KEYS"  # the signing keys' folder (default: the user config's), or `off`
SITE: Final = "RUNBOOK_SITE"  # the site recorded as, when several share incidents
NATS: Final = "RUNBOOK_NATS"  # the NATS server runbook sync uses, if --nats does not say

APP: Final = "runbook"  # the name of runbook's folders in the platform's user folders
DB_NAME: Final = "runbook.db"

BAD_GROUP = Msg("{name}={value!r} is not a group; use one of: {groups}.",
                "{name}={value!r} 不是有效的小组；请使用：{groups}。")


class Environment(Struct, frozen=True):
    """The process environment as read at the start of a command."""

    variables: Mapping[str, str]

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> Environment:
        return cls(dict(os.environ if environ is None else environ))

    def _get(self, name: str) -> str | None:
        return self.variables.get(name) or None

    def check_text(self) -> None:
        """Bytes that are not UTF-8 reach Python as lone surrogates (PEP 383): refuse a
        RUNBOOK_* variable holding them before anything meets it, naming it."""
        for name, value in self.variables.items():
            if name.startswith("RUNBOOK_") and not is_text(value):
                raise UsageError(NOT_UTF8.format(what=f"The variable {name}",
                                                 what_zh=f"环境变量 {name} ",
                                                 shown=escaped(value)))

    @property
    def db_path(self) -> Path:
        """RUNBOOK_DB, or runbook.db in the user data folder (nothing is created here)."""
        configured = self._get(DB)
        if configured:
            return Path(configured).expanduser()
        import platformdirs

        return Path(platformdirs.user_data_dir(APP, appauthor=False)) / DB_NAME

    @property
    def exports_dir(self) -> Path:
        """Where the player offers to write summaries: `exports` in the user data folder
        (created, private, only when a summary is written)."""
        import platformdirs

        return platformdirs.user_data_path(APP, appauthor=False) / "exports"

    @property
    def user(self) -> str | None:
        return self._get(USER)

    @property
    def login(self) -> str:
        """The login name: who acts when neither --by nor RUNBOOK_USER says."""
        import getpass

        try:
            return self._get("USER") or getpass.getuser()
        except Exception:  # no name for this uid (a container): still act, as someone
            return "unknown"

    @staticmethod
    def os_login() -> str:
        """The operating-system login of the process's real user, from the password database
        by uid, never from $USER or $LOGNAME (which the user can set): on a shared host over
        SSH this is who is really at the keyboard. A uid with no entry (a container) is
        named `uid:N`."""
        import pwd

        uid = os.getuid()
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid:{uid}"

    @property
    def group(self) -> str | None:
        value = self._get(GROUP)
        if value is not None and value not in GROUP_IDS:
            raise UsageError(BAD_GROUP.format(name=GROUP, value=value,
                                              groups=", ".join(GROUP_IDS)))
        return value

    @property
    def nats(self) -> str | None:
        return self._get(NATS)

    @property
    def site(self) -> str:
        """The site this runbook records as ("" for none: a single site), checked."""
        value = self._get(SITE)
        if value is None:
            return ""
        from runbook.sites import check_site

        return check_site(value)

    @property
    def settings_path(self) -> Path | None:
        """RUNBOOK_SETTINGS, or settings.yaml in the user config folder if there is one."""
        configured = self._get(SETTINGS)
        if configured:
            return Path(configured)
        from platformdirs import user_config_path

        found = user_config_path(APP) / "settings.yaml"
        return found if found.is_file() else None

    @property
    def roster_path(self) -> Path | None:
        """RUNBOOK_ROSTER: a roster file in place of the playbooks folder's roster.yaml."""
        configured = self._get(ROSTER)
        return Path(configured).expanduser() if configured else None

    @property
    def playbooks_dir(self) -> Path | None:
        """RUNBOOK_PLAYBOOKS, or `playbooks` in the user config folder if there is one; None:
        the shipped playbooks."""
        configured = self._get(PLAYBOOKS)
        if configured:
            return Path(configured).expanduser()
        from platformdirs import user_config_path

        found = user_config_path(APP) / "playbooks"
        return found if found.is_dir() else None

    @property
    def keys_dir(self) -> Path | None:
        """RUNBOOK_KEYS, or `keys` in the user config folder: where each login's signing key
        is kept (created, 0700, when the first checkpoint is signed). None: RUNBOOK_KEYS=off,
        no checkpoint is signed."""
        configured = self._get(KEYS)
        if configured == "off":
            return None
        if configured:
            return Path(configured).expanduser()
        from platformdirs import user_config_path

        return user_config_path(APP) / "keys"

    @property
    def cache_dir(self) -> Path | None:
        """RUNBOOK_CACHE names the folder, or `off` (None); default: the user cache folder."""
        chosen = self._get(CACHE)
        if chosen == "off":
            return None
        if chosen:
            return Path(chosen)
        from platformdirs import user_cache_path

        return user_cache_path(APP)

    @property
    def lang(self) -> Lang:
        """RUNBOOK_LANG, else the locale's variables, else the process locale."""
        import locale

        try:
            name = locale.getlocale()[0] or ""
        except ValueError:
            name = ""
        return default_lang(self.variables, name)

    @property
    def debug(self) -> bool:
        return self._get(DEBUG) is not None

    @property
    def trace_file(self) -> Path | None:
        configured = self._get(TRACE_FILE)
        return Path(configured) if configured else None
