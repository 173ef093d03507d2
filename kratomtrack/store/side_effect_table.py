"""The side-effect list's part of LogDatabase: the names a check-in rates.

A mixin of LogDatabase (store/database.py), apart to keep that module small;
it uses the database's connection, transaction and name cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from kratomtrack.core.records import SideEffect
from kratomtrack.core.validation import side_effect_name


class SideEffectTable:
    """Reads and writes of the side_effects table (LogDatabase inherits them)."""

    def side_effects(self, *, include_hidden: bool = False) -> list[SideEffect]:
        rows = self.conn.execute(
            # CAST: a name damage turned into a blob still reads as text (the check names it).
            "SELECT CAST(name AS TEXT), builtin, hidden, position FROM side_effects "
            + ("" if include_hidden else "WHERE hidden = 0 ")
            + "ORDER BY position, id"
        )
        return [SideEffect(n, bool(b), bool(h), p) for n, b, h, p in rows]

    def add_side_effect(self, name: str) -> SideEffect:
        """Add a custom side effect; an existing (even hidden) one is shown again."""
        name = side_effect_name(name)
        with self.transaction():
            id_ = self._side_effect_ids({name: 0})[name.casefold()]
            self.conn.execute("UPDATE side_effects SET hidden = 0 WHERE id = ?", (id_,))
            row = self.conn.execute(
                "SELECT name, builtin, hidden, position FROM side_effects WHERE id = ?", (id_,)
            ).fetchone()
        return SideEffect(row[0], bool(row[1]), bool(row[2]), row[3])

    def set_side_effect_hidden(self, name: str, hidden: bool) -> None:
        """Hide or show a side effect; its ratings are kept either way."""
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE side_effects SET hidden = ? WHERE name = ?", (int(hidden), name)
            )
            if cursor.rowcount != 1:
                raise KeyError(f"No side effect named {name!r}")

    def _side_effect_ids(self, names: Iterable[str]) -> dict[str, int]:
        """Ids by casefolded name, adding unknown names as custom side effects."""
        if self._effect_ids is None or not self.conn.in_transaction:
            self._effect_ids = {
                name.casefold(): id_
                for id_, name in self.conn.execute("SELECT id, name FROM side_effects")
            }
            self._last_position = self.conn.execute(
                "SELECT coalesce(max(position), -1) FROM side_effects").fetchone()[0]
        ids = self._effect_ids
        for name in names:
            if name.casefold() not in ids:
                self._last_position += 1
                cursor = self.conn.execute(
                    "INSERT INTO side_effects (name, builtin, hidden, position) "
                    "VALUES (?, 0, 0, ?)",
                    (name, self._last_position),
                )
                ids[name.casefold()] = cursor.lastrowid
        return ids
