"""Benchmark (stub)."""


def add_parser(commands):
    p = commands.add_parser("bench", help="benchmark")
    p.add_argument("--db")
    return p


def main(args) -> int:
    return 0
