"""Database expressions that PostgreSQL and SQLite both understand, where Django has none of its own."""

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole days from the date `start` to the date `end` (end - start; negative when `end` is
    earlier), as an integer: PostgreSQL subtracts dates to days, SQLite subtracts Julian day numbers.
    Django's own subtraction of dates gives a duration, which PostgreSQL and SQLite count in
    different units."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, start, end, **extra):
        super().__init__(start, end, **extra)

    def _parts(self, compiler):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return start, end, (*end_params, *start_params)

    def as_sql(self, compiler, connection, **extra):  # noqa: ARG002 (as Django calls it)
        start, end, params = self._parts(compiler)
        return f"({end} - {start})", params

    def as_sqlite(self, compiler, connection, **extra):  # noqa: ARG002 (as Django calls it)
        start, end, params = self._parts(compiler)
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)", params
