"""Build the labelled facility pairs used to evaluate the matcher (tests/data/matching/pairs.csv).

Deterministic (seeded): running it again writes the same file. Sources:

1. **Real pairs** from the seven lists in tests/data/facility-lists: every same-country pair
   whose names share words (rapidfuzz token-set >= 70 on the informative words) or whose
   addresses agree (token-set >= 90) is a candidate; the ones listed in ``REAL_SAME`` were read
   and judged the same facility, the ones in ``REAL_UNSURE`` could not be judged from the lists and
   are left out, every other candidate is a different facility (different units of one group,
   neighbours in one industrial park, companies sharing a building or a country-only address).
2. **Perturbed copies** (same facility): each distinct real facility rewritten the way another
   brand's list would write it: legal-form variants ("S.A. de C.V." / "SA DE CV", "Co., Ltd." /
   "Company Limited"), transliteration (accents dropped, pinyin split or joined, Chinese place
   names in Han characters), street abbreviations, missing address parts, swapped word order,
   typos, case, moved or missing coordinates; one to three changes each.
3. **Hard negatives** (different facilities): a sibling at the same address with another unit
   number (when the name has one) or another distinctive word in its name; a group's factory in another city (same
   brand words, another place word and address).

Records are split by facility (a real facility, its copies and its synthetic siblings go to one
side) into ``train`` (60%) and ``test`` (40%). Thresholds are chosen on ``train`` only; ``test``
is the held-out figure guarded by tests/registry/test_matching_evaluation.py.

Usage: .venv/bin/python scripts/matching_pairs_build.py
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import random
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from wsr.registry.importing.normalise import LEGAL_TERMS, name_words  # noqa: E402
from wsr.registry.matching import GENERIC_NAME_WORDS, clean_text, name_tokens, normalise_country  # noqa: E402

LISTS = ROOT / "tests" / "data" / "facility-lists"
OUT = ROOT / "tests" / "data" / "matching" / "pairs.csv"
SEED = 13
TEST_SHARE = 0.4

# Judged the same facility (list number:line in the file).
REAL_SAME = {
    ("2:2", "2:59"),  # Wenzhou Jietu (Aolun) Shoes Factory / Wehzhou Jietu Shoes, No.8 Shuangbao West Road
    ("2:3", "2:82"),
    ("2:36", "2:52"),
    ("2:42", "2:71"),
    ("2:44", "2:60"),
    ("2:46", "2:56"),  # Bai Na Shoes
    ("2:46", "2:65"),  # Bai Na / Baina Shoes Factory, Oubei, Yongjia
    ("2:56", "2:65"),
    ("2:31", "5:34"),  # Taizhou Baolite Shoes
    ("3:5", "7:8"),  # Regina Miracle Intimate Apparel (Shenzhen)
    ("3:8", "8:20"),  # Industrias Merlet
    ("4:32", "8:12"),  # Huai An Yuan Tong Headwear, Yan Huang Avenue (numbers differ)
    ("4:52", "8:14"),  # Nantong Jackbeanie Headwear (&) Garment
    ("5:45", "7:14"),  # Glory Industrial Semarang-Demak
    ("6:30", "8:43"),  # GFSI Lenexa
    ("6:31", "8:36"),  # GFSI Southwest
    ("6:34", "8:41"),  # GTM Sportwear
    ("7:4", "8:8"),  # Jung Myung Textile (Shaowu)
    ("7:9", "8:21"),  # Confecciones del Valle
    ("7:20", "8:37"),  # Centro Textil(e)
}
# Cannot be judged from the lists alone: left out of the evaluation.
REAL_UNSURE = {
    ("4:15", "4:21"),  # Epyllion / Eypllion Style at two villages of Vawal Mirzapur
    ("5:61", "7:30"),  # Makalot Garments Vietnam / Makalot Garment - MK2
    ("6:9", "8:27"),  # Hanes Ink at two addresses
    ("6:10", "6:22"),  # Hanes Choloma Cutting at two addresses
    ("6:10", "8:28"),
    ("6:22", "8:28"),
    ("6:23", "8:28"),
    ("6:20", "8:29"),  # Jasper / Jasper Honduras S.A.
    ("7:19", "8:34"),  # Classic Fashion Apparel Industry Unit II / Ltd. Co.
    ("6:40", "8:22"),  # ES Sew / Hanesbrands El Salvador Sew, Sam Li Km 31.5
}

LEGAL_VARIANTS = [
    ["Co., Ltd.", "Co.,Ltd", "CO LTD", "Company Limited", "Co. Limited", "Ltd."],
    ["S.A. de C.V.", "SA DE CV", "S. A. de C. V.", "S.A. DE C.V."],
    ["S. de R.L. de C.V.", "S DE RL DE CV", "S. de R.L."],
    ["Pvt. Ltd.", "Private Limited", "Pvt Ltd", "(Pvt) Ltd"],
    ["Ltd.", "Limited", "LTD", "Ltd"],
    ["JSC", "Joint Stock Company", "J.S.C."],
    ["Sdn. Bhd.", "Sdn Bhd", "SDN. BHD."],
    ["S.A.", "SA", "S. A."],
    ["Inc.", "Incorporated", "INC"],
]
ABBREVIATIONS = [
    ("Road", "Rd."),
    ("Street", "St."),
    ("Avenue", "Ave."),
    ("Industrial", "Ind."),
    ("District", "Dist."),
    ("Building", "Bldg"),
    ("Village", "Vill."),
    ("Highway", "Hwy"),
    ("Jalan", "Jl."),
    ("Carretera", "Carr."),
    ("Number", "No."),
    ("Kilometre", "Km"),
]
HAN = {
    "Shenzhen": "深圳",
    "Dongguan": "东莞",
    "Wenzhou": "温州",
    "Quanzhou": "泉州",
    "Ningbo": "宁波",
    "Hangzhou": "杭州",
    "Guangzhou": "广州",
    "Jiangyin": "江阴",
    "Nantong": "南通",
    "Taizhou": "台州",
    "Changzhou": "常州",
    "Suzhou": "苏州",
    "Qingdao": "青岛",
    "Zhongshan": "中山",
    "Jiaxing": "嘉兴",
    "Zhejiang": "浙江",
    "Jiangsu": "江苏",
    "Fujian": "福建",
    "Guangdong": "广东",
    "Shanghai": "上海",
}
PINYIN_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
)


def read_lists() -> list[dict[str, str]]:
    rows = []
    for path in sorted(LISTS.glob("brand-list-*.csv")):
        number = path.stem.rsplit("-", 1)[1]
        with path.open(encoding="utf-8", newline="") as fh:
            for line, raw in enumerate(csv.DictReader(fh), start=2):
                country = normalise_country(raw["country"] or "")
                if not country or not raw["name"].strip() or not raw["address"].strip():
                    continue
                rows.append(
                    {
                        "ref": f"{number}:{line}",
                        "country": country,
                        "name": " ".join(raw["name"].split()),
                        "address": " ".join(raw["address"].split()),
                        "lat": raw.get("lat", "") or "",
                        "lng": raw.get("lng", "") or "",
                    }
                )
    return rows


# --- Perturbations (same facility) -------------------------------------------------------------


def _legal(rng: random.Random, name: str) -> str:
    for group in LEGAL_VARIANTS:
        for variant in sorted(group, key=len, reverse=True):
            words = re.findall(r"[A-Za-z]+", variant)
            pattern = re.compile(r"(?<![A-Za-z])" + r"[\s.,()]*".join(words) + r"[\s.,()]*$", re.IGNORECASE)
            if pattern.search(name):
                other = rng.choice([v for v in group if v.casefold() != variant.casefold()] or group)
                return pattern.sub(" " + other, name).replace("  ", " ").strip()
    if rng.random() < 0.5:
        return f"{name} {rng.choice(rng.choice(LEGAL_VARIANTS[:1] + LEGAL_VARIANTS[3:5]))}"
    return name


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _pinyin_split(word: str) -> str:
    """ "Dongguan" -> "Dong Guan" (split before the second syllable's initial), and back."""
    lower = word.lower()
    for i in range(3, len(lower) - 2):
        if lower[i - 1] in "aeiougn" and lower[i:].startswith(PINYIN_INITIALS) and lower[i - 1 : i + 1] != "ng":
            return word[:i] + " " + word[i].upper() + word[i + 1 :]
    return word


def _transliterate(rng: random.Random, record: dict[str, str]) -> dict[str, str]:
    out = dict(record)
    changed = False
    if record["country"] == "CN":
        for latin, han in HAN.items():
            if latin.lower() in out["address"].lower() and rng.random() < 0.7:
                out["address"] = re.sub(latin, han, out["address"], flags=re.IGNORECASE)
                changed = True
        words = out["name"].split()
        if words and rng.random() < 0.7:
            i = rng.randrange(len(words))
            split = _pinyin_split(words[i])
            if split != words[i]:
                words[i] = split
                out["name"] = " ".join(words)
                changed = True
    stripped = {k: _strip_accents(out[k]) for k in ("name", "address")}
    if stripped["name"] != out["name"] or stripped["address"] != out["address"]:
        out.update(stripped)
        changed = True
    if not changed:
        out["name"] = out["name"].replace(" ", "", 1) if rng.random() < 0.5 else out["name"].upper()
    return out


def _abbreviate(rng: random.Random, address: str) -> str:
    changed = address
    for long, short in ABBREVIATIONS:
        if re.search(rf"\b{long}\b", changed, re.IGNORECASE):
            changed = re.sub(rf"\b{long}\b", short, changed, flags=re.IGNORECASE)
        elif re.search(rf"(?<!\w){re.escape(short)}(?!\w)", changed, re.IGNORECASE) and rng.random() < 0.5:
            changed = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", long, changed, flags=re.IGNORECASE)
    return changed if changed != address else address.replace(",", ", ").replace("No.", "No ")


def _drop_parts(rng: random.Random, address: str) -> str:
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) <= 2:
        return parts[0] if parts else address
    drop = rng.sample(range(1, len(parts)), k=min(len(parts) - 2, rng.randint(1, 2)))
    return ", ".join(p for i, p in enumerate(parts) if i not in drop)


def _swap(rng: random.Random, record: dict[str, str]) -> dict[str, str]:
    out = dict(record)
    words = record["name"].split()
    if len(words) >= 3 and rng.random() < 0.6:
        # "Jiangyin Chenguang Garment Co. Ltd" -> "Chenguang Garment Co. Ltd (Jiangyin)"
        out["name"] = " ".join(words[1:]) + f" ({words[0]})"
    else:
        parts = [p.strip() for p in record["address"].split(",") if p.strip()]
        if len(parts) >= 2:
            i = rng.randrange(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
            out["address"] = ", ".join(parts)
        elif len(words) >= 2:
            out["name"] = " ".join([words[1], words[0], *words[2:]])
    return out


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]


def _coordinates(rng: random.Random, record: dict[str, str]) -> dict[str, str]:
    out = dict(record)
    if record["lat"] and rng.random() < 0.5:
        out["lat"] = f"{float(record['lat']) + rng.uniform(-0.0015, 0.0015):.6f}"
        out["lng"] = f"{float(record['lng']) + rng.uniform(-0.0015, 0.0015):.6f}"
    else:
        out["lat"] = out["lng"] = ""
    return out


PERTURBATIONS = {
    "legal_form": lambda rng, r: {**r, "name": _legal(rng, r["name"])},
    "transliteration": _transliterate,
    "street_abbreviation": lambda rng, r: {**r, "address": _abbreviate(rng, r["address"])},
    "missing_address_parts": lambda rng, r: {**r, "address": _drop_parts(rng, r["address"])},
    "word_order": _swap,
    "typo": lambda rng, r: (
        {**r, "name": _typo(rng, r["name"])} if rng.random() < 0.6 else {**r, "address": _typo(rng, r["address"])}
    ),
    "case": lambda rng, r: {**r, "name": r["name"].upper() if rng.random() < 0.5 else r["name"].title()},
    "coordinates": _coordinates,
}


def perturbed(rng: random.Random, record: dict[str, str]) -> tuple[dict[str, str], str]:
    kinds = rng.sample(sorted(PERTURBATIONS), k=rng.choice([1, 2, 2, 3]))
    out = dict(record)
    for kind in kinds:
        out = PERTURBATIONS[kind](rng, out)
    if all(out[k] == record[k] for k in ("name", "address", "lat", "lng")):  # nothing applied
        out, kinds = {**record, "name": _typo(rng, record["name"])}, ["typo"]
    return out, "+".join(kinds)


# --- Hard negatives (different facilities) -----------------------------------------------------


def _sibling_unit(rng: random.Random, record: dict[str, str]) -> dict[str, str] | None:
    """Another unit of a company whose name carries a unit number: another number, another lot."""
    name = record["name"]
    match = re.search(r"(\d+)", name)
    if not match:
        return None
    current = match.group(1)
    new_number = str(rng.choice([n for n in range(2, 10) if n != int(current)]))
    other_name = name[: match.start(1)] + new_number + name[match.end(1) :]
    numbers = re.findall(r"\d+", record["address"])
    address = record["address"]
    if numbers:
        old = rng.choice(numbers)
        address = address.replace(old, str(int(old) + rng.randint(1, 9)), 1)
    return {**record, "name": other_name, "address": address}


def _distinctive(word: str) -> bool:
    cleaned = clean_text(word)
    return (
        len(cleaned) > 3
        and cleaned.isalpha()
        and cleaned not in GENERIC_NAME_WORDS
        and (cleaned,) not in LEGAL_TERMS
        and name_words(word) == (cleaned,)
    )


def _sibling_word(rng: random.Random, record: dict[str, str], vocabulary: list[str]) -> dict[str, str] | None:
    """Another company in the same building or park: one distinctive name word replaced."""
    words = record["name"].split()
    informative = [i for i, w in enumerate(words) if _distinctive(w)]
    if not informative:
        return None
    i = rng.choice(informative[1:] or informative)
    replacement = rng.choice(vocabulary)
    if clean_text(replacement) == clean_text(words[i]):
        return None
    words[i] = replacement
    return {**record, "name": " ".join(words)}


def _group_elsewhere(rng: random.Random, record: dict[str, str], others: list[dict[str, str]]) -> dict[str, str] | None:
    """The group's factory in another city: the place word of the name and the address change."""
    words = record["name"].split()
    if len(words) < 3:
        return None
    other = rng.choice(others)
    if other["ref"] == record["ref"]:
        return None
    place = other["name"].split()[0]
    if clean_text(place) == clean_text(words[0]):
        return None
    return {
        **record,
        "name": " ".join([place, *words[1:]]),
        "address": other["address"],
        "lat": other["lat"],
        "lng": other["lng"],
    }


# --- Assembly ----------------------------------------------------------------------------------


def _split_of(key: str) -> str:
    digest = int(hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()[:8], 16)
    return "test" if digest / 0xFFFFFFFF < TEST_SHARE else "train"


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows = read_lists()
    # One facility per group of rows judged the same: union-find over REAL_SAME.
    parent = {r["ref"]: r["ref"] for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in REAL_SAME:
        parent[find(a)] = find(b)
    split = {r["ref"]: _split_of(find(r["ref"])) for r in rows}

    pairs: list[dict[str, str]] = []

    def add(kind: str, label: str, a: dict[str, str], b: dict[str, str], side: str) -> None:
        pairs.append({"split": side, "label": label, "kind": kind, "a": a, "b": b})  # type: ignore[dict-item]

    # 1. Real pairs.
    for a, b in itertools.combinations(rows, 2):
        if a["country"] != b["country"]:
            continue
        key = (a["ref"], b["ref"])
        if key in REAL_UNSURE or key[::-1] in REAL_UNSURE:
            continue
        same = key in REAL_SAME or key[::-1] in REAL_SAME
        names = fuzz.token_set_ratio(" ".join(name_tokens(a["name"])), " ".join(name_tokens(b["name"])))
        addresses = fuzz.token_set_ratio(clean_text(a["address"]), clean_text(b["address"]))
        if not same and names < 70 and addresses < 90:
            continue
        if (
            same
            and clean_text(a["name"]) == clean_text(b["name"])
            and clean_text(a["address"]) == clean_text(b["address"])
        ):
            kind = "real_exact_duplicate"
        else:
            kind = "real_cross_list" if same else ("real_same_address" if addresses >= 90 else "real_near_miss")
        side = split[a["ref"]] if split[a["ref"]] == split[b["ref"]] else _split_of("|".join(sorted(key)))
        add(kind, "same" if same else "different", a, b, side)

    # 2. Perturbed copies and 3. hard negatives, one set per distinct facility.
    seen: set[str] = set()
    vocabulary = sorted({w for r in rows for w in r["name"].split() if _distinctive(w)})
    by_country: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_country.setdefault(r["country"], []).append(r)
    for r in rows:
        root = find(r["ref"])
        if root in seen:
            continue
        seen.add(root)
        side = split[r["ref"]]
        for _ in range(2):
            copy, kinds = perturbed(rng, r)
            add(f"perturbed:{kinds}", "same", r, copy, side)
        sibling = _sibling_unit(rng, r) or _sibling_word(rng, r, vocabulary)
        if sibling is not None:
            add("synthetic_same_address", "different", r, sibling, side)
        elsewhere = _group_elsewhere(rng, r, by_country[r["country"]])
        if elsewhere is not None and rng.random() < 0.5:
            add("synthetic_group_other_city", "different", r, elsewhere, side)
    for i, pair in enumerate(pairs, start=1):
        pair["pair"] = f"p{i:04d}"
    return pairs


COLUMNS = ["pair", "split", "label", "kind"] + [
    f"{side}_{col}" for side in "ab" for col in ("ref", "country", "name", "address", "lat", "lng")
]


def main() -> int:
    pairs = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for p in pairs:
            a, b = p["a"], p["b"]
            writer.writerow(
                [p["pair"], p["split"], p["label"], p["kind"]]
                + [a.get("ref", "")]
                + [a[c] for c in ("country", "name", "address", "lat", "lng")]
                + [b.get("ref", "") if b.get("ref") != a.get("ref") or p["kind"].startswith("real") else ""]
                + [b[c] for c in ("country", "name", "address", "lat", "lng")]
            )
    counts: dict[tuple[str, str], int] = {}
    for p in pairs:
        key = (p["split"], p["label"])
        counts[key] = counts.get(key, 0) + 1
    sys.stdout.write(f"{len(pairs)} pairs written to {OUT.relative_to(ROOT)}: {dict(sorted(counts.items()))}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
