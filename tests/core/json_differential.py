#!/usr/bin/env python3
"""Writes JSON texts and what Python makes of them, for json_differential_test.cc.

    json_differential.py SEED COUNT OUT_FILE

For each of COUNT generated values (random.Random(SEED), so the same on every
run), writes a record of two texts: an input, the value written by json.dumps
in one of many styles (indents, separators, ensure_ascii on or off, keys
unsorted) or, for numbers, in literal forms json.dumps never writes (1E+05,
-0, 1e400, 2e-324, long mantissas); and the expected output,
json.dumps(json.loads(input), sort_keys=True). chainsim must turn every input
into exactly that output. Record format: "<bytes>\\n<input><bytes>\\n<output>",
UTF-8 (inputs never hold surrogates raw: those go through \\uXXXX escapes, as
on the wire).
"""

import json
import math
import random
import struct
import sys

ESCAPES = ['"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f"]


def random_string(rng):
    parts = []
    for _ in range(rng.randrange(0, 9)):
        kind = rng.randrange(8)
        if kind == 0:
            parts.append(rng.choice(ESCAPES))
        elif kind == 1:
            parts.append(chr(rng.randrange(0x20, 0x7F)))
        elif kind == 2:
            parts.append(chr(rng.randrange(0x80, 0x800)))
        elif kind == 3:
            code = rng.randrange(0x800, 0x10000)
            parts.append(chr(code))  # may be a lone surrogate
        elif kind == 4:
            parts.append(chr(rng.randrange(0x10000, 0x110000)))
        elif kind == 5:
            parts.append(chr(rng.randrange(0xD800, 0xE000)))  # a lone surrogate
        elif kind == 6:
            parts.append("\ud83d\ude00")  # a surrogate pair: one astral character
        else:
            parts.append("".join(rng.choice("abc xyz") for _ in range(rng.randrange(1, 6))))
    return "".join(parts)


def random_float(rng):
    kind = rng.randrange(6)
    if kind == 0:  # any bit pattern: subnormals, huge, tiny, NaN, infinities
        return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if kind == 1:
        return rng.choice([math.inf, -math.inf, math.nan, 0.0, -0.0, 5e-324, 1.7976931348623157e308])
    if kind == 2:  # decimal-looking, around Python's switch to exponent form
        return rng.randrange(10**8) / 1000.0 * 10.0 ** rng.randrange(-22, 22)
    if kind == 3:
        return rng.uniform(-1e6, 1e6)
    if kind == 4:
        return float(rng.randrange(-10**17, 10**17))
    return float(f"{rng.random()}e{rng.randrange(-330, 310)}")


def random_int(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return rng.randrange(-1000, 1000)
    if kind == 1:
        return rng.getrandbits(64) - 2**63
    if kind == 2:
        return rng.choice([2**63 - 1, -2**63, 2**63, 2**64 - 1, 2**64, -2**63 - 1, -2**64])
    if kind == 3:
        return rng.getrandbits(rng.randrange(65, 400)) * rng.choice([1, -1])
    digits = rng.randrange(1, 4301)  # up to Python's limit for int()
    return int(str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))) * rng.choice([1, -1])


def random_value(rng, depth):
    kind = rng.randrange(9 if depth < 6 else 6)
    if kind == 0:
        return random_float(rng)
    if kind == 1:
        return random_int(rng)
    if kind == 2:
        return random_string(rng)
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return random_float(rng) if rng.random() < 0.5 else random_int(rng)
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    return {random_string(rng): random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))}


def deep_value(rng):
    value = random_value(rng, 6)
    for _ in range(rng.randrange(50, 890)):
        value = [value] if rng.random() < 0.5 else {random_string(rng): value}
    return value


def number_literal(rng):
    """Number texts that json.dumps never writes but json.loads reads."""
    sign = rng.choice(["", "-"])
    kind = rng.randrange(6)
    if kind == 0:
        return sign + str(rng.randrange(10**6)) + rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + str(rng.randrange(400))
    if kind == 1:
        return sign + "0." + "0" * rng.randrange(0, 400) + str(rng.randrange(1, 10**6))
    if kind == 2:
        return sign + str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 800))) + rng.choice(["", ".5", "e-5", ".0e300", "e-400"])
    if kind == 3:
        return sign + rng.choice(["0", "1", "9"]) + "e" + rng.choice(["", "-", "+"]) + str(rng.choice([308, 309, 323, 324, 325, 400, 99999, 10**20]))
    if kind == 4:
        return sign + rng.choice(["2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623158e308", "4.9406564584124654e-324", "2.2250738585072011e-308"])
    return sign + "0"


def styled_dump(rng, value):
    style = rng.randrange(5)
    ascii_only = rng.random() < 0.5
    if not ascii_only:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: UTF-8 cannot carry it raw
            ascii_only = True
    if style == 0:
        return json.dumps(value, ensure_ascii=ascii_only)
    if style == 1:
        return json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    if style == 2:
        return json.dumps(value, ensure_ascii=ascii_only, indent=rng.choice([0, 1, 2, 4, "\t"]))
    if style == 3:
        return json.dumps(value, ensure_ascii=ascii_only, sort_keys=True, indent=2, separators=(" ,", " : "))
    return " \n\t" + json.dumps(value, ensure_ascii=ascii_only) + "\r\n "


def main():
    seed, count, out_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    with open(out_path, "wb") as out:
        for i in range(count):
            if i % 10 == 3:
                items = [number_literal(rng) for _ in range(rng.randrange(1, 6))]
                text = "[" + ", ".join(items) + "]"
            elif i % 500 == 7:
                text = json.dumps(deep_value(rng))
            elif i % 50 == 11:  # a key given twice: the last value counts
                key = json.dumps(random_string(rng))
                text = "{" + key + ": " + json.dumps(random_value(rng, 3)) + ", " + key + ": " + json.dumps(random_value(rng, 3)) + "}"
            else:
                text = styled_dump(rng, random_value(rng, 0))
            encoded = text.encode("utf-8")
            expected = json.dumps(json.loads(text), sort_keys=True).encode("ascii")
            out.write(b"%d\n" % len(encoded) + encoded + b"%d\n" % len(expected) + expected)


if __name__ == "__main__":
    main()
