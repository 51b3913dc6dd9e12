"""Synthetic plans for benchmarks: N plan files made of the four seed texts' material.

Deterministic for a seed: the same N and seed always give the same files. Each plan is a
realistic Vietnamese plan: its paragraphs are the seeds' paragraphs recombined (section by
section: purpose, content, organisation), with the document numbers they cite redrawn from a
pool of directives and the place names replaced by the plan's own; it carries out one to three
directives drawn from the pool by popularity (central documents are cited by many plans, a
district's by few, as in real sites) and sometimes a plan of the level above from the corpus
itself; it has milestones, recipients, topics, a level and a locality. Plans with recurring
milestones mostly state their term; about a third do not (they run to the end of the congress
term, and ``plansite check`` warns about each such milestone); a few plans replace an earlier
plan of the same body (``replaces:``). Every file passes ``plansite check`` with no error;
the only warnings are those recurring milestones, so benchmarks build without ``--strict``.

Synthetic plans never go into ``plans/``: :func:`make_project` writes a project folder of its
own (``mkdocs.yml`` and ``docs/`` copied from the sample site, ``plans/`` generated).

    python tests/benchmarks/corpus.py 1000 /tmp/corpus-1000 [--seed 6]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
sys.path.insert(0, str(ROOT / "plugins"))

from plansite.core.numbers import find_numbers  # noqa: E402
from plansite.core.text import decode, slugify  # noqa: E402

SIZES = (100, 1_000, 10_000)

# -- material read from the seeds ---------------------------------------------------------

_ROMAN = re.compile(r"^\s*(I{1,3}|IV|V)\s*[.\-]\s+\S")
_ENUM = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-zđ][.)])\s+")
_SKIP = re.compile(r"^\s*(KẾ HOẠCH|Nơi nhận|T/M |PHÓ BÍ THƯ|BÍ THƯ|TRƯỞNG BAN|Trên đây)", re.I)
#: Place names of the seeds, replaced by the plan's own.
_SEED_PLACES = ["Hà Tĩnh", "Trà Vinh", "Phước Long", "Kỳ Anh", "Kỳ Trinh"]


@dataclass
class Material:
    """Paragraphs and list items of the seeds, by section (0 opening, 1 purpose, 2 content,
    3 organisation)."""

    paragraphs: list[list[str]] = field(default_factory=lambda: [[], [], [], []])
    items: list[list[str]] = field(default_factory=lambda: [[], [], [], []])


def load_material(seeds: Path = SEEDS) -> Material:
    material = Material()
    for path in sorted(seeds.glob("*.txt")):
        text, _ = decode(path.read_bytes())
        section = 0
        for raw in text.split("\n"):
            line = raw.strip().replace("\t", " ")
            if not line:
                continue
            if _ROMAN.match(line):
                section = min(section + 1, 3)
                continue
            if _SKIP.match(line) or line.startswith("**") or len(line) < 60:
                continue  # titles, headings like "1. Mục đích", signatures, recipients
            if next(find_numbers(line), None):
                # A citation sentence states a directive's date, issuer and subject: recombined
                # with another number it would contradict the plans that cite that number.
                continue
            if line[0] in "-+·*":
                material.items[section].append(line.lstrip("-+·* ").strip())
            else:
                material.paragraphs[section].append(_ENUM.sub("", line))
    return material


# -- the pool of directives ---------------------------------------------------------------

SUBJECTS = [
    "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, "
    "xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    "tiếp tục đổi mới phương thức lãnh đạo, cầm quyền của Đảng đối với hệ thống chính trị "
    "trong giai đoạn mới",
    "tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "nhiệm vụ phát triển kinh tế - xã hội và xây dựng hệ thống chính trị",
    "tăng cường công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm "
    "sai trái, thù địch",
    "xây dựng và chỉnh đốn Đảng, hệ thống chính trị trong sạch, vững mạnh",
    "đẩy mạnh công tác phòng, chống tham nhũng, tiêu cực",
    "tăng cường sự lãnh đạo của Đảng đối với công tác dân vận",
    "xây dựng nông thôn mới gắn với đô thị văn minh",
    "chuyển đổi số, phát triển kinh tế số và xã hội số",
    "tăng cường củng cố quốc phòng, an ninh, xây dựng khu vực phòng thủ vững chắc",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "công tác cán bộ và quy hoạch cán bộ lãnh đạo, quản lý các cấp",
    "phát triển văn hóa, con người, đáp ứng yêu cầu phát triển bền vững",
    "tăng cường công tác kiểm tra, giám sát và kỷ luật của Đảng",
    "bảo vệ môi trường, ứng phó với biến đổi khí hậu",
    "giáo dục lý tưởng cách mạng, đạo đức, lối sống văn hóa cho thế hệ trẻ",
    "đổi mới, nâng cao chất lượng công tác thông tin đối ngoại",
]
CENTRAL = [
    ("NQ", "TW", "Ban Chấp hành Trung ương"),
    ("KL", "TW", "Ban Chấp hành Trung ương"),
    ("NQ", "TW", "Bộ Chính trị"),
    ("KL", "TW", "Bộ Chính trị"),
    ("CT", "TW", "Ban Bí thư"),
    ("QĐ", "TW", "Ban Chấp hành Trung ương"),
    ("HD", "BTGTW", "Ban Tuyên giáo Trung ương"),
]
PROVINCE = [
    ("NQ", "TU", "Tỉnh ủy"),
    ("CTr", "TU", "Ban Chấp hành Đảng bộ tỉnh"),
    ("KL", "TU", "Ban Thường vụ Tỉnh ủy"),
    ("CT", "TU", "Ban Thường vụ Tỉnh ủy"),
    ("HD", "BTGTU", "Ban Tuyên giáo Tỉnh ủy"),
]
DISTRICT = [
    ("NQ", "HU", "Huyện ủy"),
    ("CTr", "HU", "Ban Chấp hành Đảng bộ huyện"),
    ("HD", "BTGHU", "Ban Tuyên giáo Huyện ủy"),
    ("NQ", "ThU", "Thị ủy"),
]
KINDS = {
    "NQ": "Nghị quyết",
    "KL": "Kết luận",
    "CT": "Chỉ thị",
    "QĐ": "Quy định",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình hành động",
    "KH": "Kế hoạch",
}
PROVINCES = [
    "Hà Tĩnh",
    "Trà Vinh",
    "Bình Phước",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Quảng Nam",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Đắk Lắk",
    "Lâm Đồng",
    "Đồng Nai",
    "Long An",
    "Tiền Giang",
    "Bến Tre",
    "Vĩnh Long",
    "Sóc Trăng",
    "An Giang",
    "Kiên Giang",
    "Cà Mau",
    "Thái Bình",
]
DISTRICTS = [
    "Phước Long",
    "Kỳ Anh",
    "Cầu Ngang",
    "Trà Cú",
    "Đồng Xoài",
    "Bình Long",
    "Hồng Lĩnh",
    "Cẩm Xuyên",
    "Thạch Hà",
    "Can Lộc",
    "Đức Thọ",
    "Hương Sơn",
    "Cửa Lò",
    "Diễn Châu",
    "Quỳnh Lưu",
    "Sầm Sơn",
    "Bỉm Sơn",
    "Ba Đồn",
    "Đông Hà",
    "Hương Trà",
    "Điện Bàn",
    "An Nhơn",
    "Sông Cầu",
    "Ninh Hòa",
    "Buôn Hồ",
    "Bảo Lộc",
    "Long Khánh",
    "Kiến Tường",
    "Gò Công",
    "Ba Tri",
    "Bình Minh",
    "Vĩnh Châu",
    "Tân Châu",
    "Hà Tiên",
    "Năm Căn",
    "Tiền Hải",
]
COMMUNES = [
    "Kỳ Trinh",
    "Kỳ Hoa",
    "Kỳ Ninh",
    "Long Giang",
    "Sơn Giang",
    "Phước Tín",
    "Hiệp Mỹ",
    "Long Sơn",
    "Thạch Long",
    "Cẩm Bình",
    "Xuân Lộc",
    "Tân Thành",
    "An Phú",
    "Hòa Bình",
    "Tân Lập",
    "Đông Thạnh",
    "Mỹ Hòa",
    "Phú Xuân",
    "Bình An",
    "Vĩnh Hòa",
]
TOPICS = [
    "Học tập nghị quyết",
    "Tuyên truyền",
    "Xây dựng Đảng",
    "Kinh tế - xã hội",
    "Đại hội Đảng",
    "Học tập và làm theo Bác",
    "Quốc phòng - an ninh",
    "Công tác cán bộ",
    "Dân vận",
    "Kiểm tra, giám sát",
]
ACTIONS = [
    "Tổ chức hội nghị quán triệt, triển khai cho cán bộ chủ chốt",
    "Xây dựng kế hoạch thực hiện cụ thể tại cơ quan, đơn vị",
    "Tổ chức học tập cho toàn thể cán bộ, đảng viên",
    "Tuyên truyền rộng rãi trong các tầng lớp Nhân dân",
    "Báo cáo kết quả quán triệt, triển khai",
    "Sơ kết việc thực hiện, rút kinh nghiệm",
    "Tổ chức kiểm tra, giám sát việc thực hiện",
    "Gửi báo cáo kết quả thực hiện về Ban Thường vụ",
    "Tổng hợp, báo cáo tiến độ triển khai về Ban Tuyên giáo",
]
WHO = [
    "Các chi bộ, đảng bộ trực thuộc",
    "Ban Tuyên giáo",
    "Mặt trận Tổ quốc và các đoàn thể",
    "Thường trực cấp ủy",
    "Ủy ban Kiểm tra",
    "Văn phòng cấp ủy",
    "Các cơ quan, đơn vị",
]
RECIPIENTS = [
    "Ban Tuyên giáo Tỉnh ủy (b/c)",
    "Thường trực cấp ủy (b/c)",
    "Các chi, đảng bộ trực thuộc",
    "Mặt trận Tổ quốc và các đoàn thể",
    "Ủy ban nhân dân",
    "Các đồng chí cấp ủy viên",
    "Lưu Văn phòng",
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Ngô Thị Nga",
]
#: (level, share of plans, issuers: (name, code for the plan's own number))
LEVELS = [
    ("tỉnh", 0.12, [("Ban Thường vụ Tỉnh ủy", "TU"), ("Ban Tuyên giáo Tỉnh ủy", "BTGTU")]),
    (
        "huyện",
        0.43,
        [
            ("Ban Thường vụ Huyện ủy", "HU"),
            ("Ban Thường vụ Thị ủy", "ThU"),
            ("Ban Tuyên giáo Huyện ủy", "BTGHU"),
        ],
    ),
    ("xã", 0.40, [("Ban Thường vụ Đảng ủy", "ĐU"), ("Đảng ủy xã", "ĐU")]),
    ("chi bộ", 0.05, [("Chi bộ", "CB")]),
]
_RANK = {"tỉnh": 1, "huyện": 2, "xã": 3, "chi bộ": 4}


@dataclass(frozen=True)
class Doc:
    """A directive plans carry out: number, kind, issuer, date, subject."""

    number: str
    kind: str
    issuer: str
    issued: date
    subject: str
    weight: float


@dataclass
class PlanSpec:
    number: str | None
    title: str
    issuer: str
    issued: date | None
    level: str
    province: str
    locality: str


class Numbers:
    """Hands out document numbers, never twice the same (so no directive is two documents)."""

    def __init__(self) -> None:
        self.next: dict[tuple[str, str], int] = {}

    def take(self, type_code: str, issuer_code: str) -> str:
        serial = self.next.get((type_code, issuer_code), 1)
        self.next[(type_code, issuer_code)] = serial + 1
        return f"{serial:02d}-{type_code}/{issuer_code}"


def make_pool(rng: random.Random, numbers: Numbers, size: int) -> list[Doc]:
    """Directives at three levels; popularity falls with rank (a few are cited everywhere)."""
    pool: list[Doc] = []
    for i in range(size):
        table = CENTRAL if i % 5 == 0 else PROVINCE if i % 5 in (1, 2) else DISTRICT
        type_code, issuer_code, issuer = rng.choice(table)
        issued = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))
        pool.append(
            Doc(
                numbers.take(type_code, issuer_code),
                KINDS[type_code],
                issuer,
                issued,
                rng.choice(SUBJECTS),
                1.0 / (i + 1) ** 0.9,
            )
        )
    return pool


# -- one plan ------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _deadline(rng: random.Random, start: date) -> str:
    later = start + timedelta(days=rng.randrange(15, 200))
    match rng.randrange(5):
        case 0:
            return later.strftime("%d/%m/%Y")
        case 1:
            return f"{later.year}-{later.month:02d}"
        case 2:
            return f"{later.year}-{later.month:02d}-H2"
        case 3:
            return f"{later.year}-Q{(later.month - 1) // 3 + 1}"
        case _:
            return f"{later.year}-H{1 if later.month <= 6 else 2}"


def _localize(text: str, spec: PlanSpec) -> str:
    for place in _SEED_PLACES:
        text = text.replace(place, spec.locality)
    return text


def _citation(doc: Doc) -> str:
    """The citation sentence, stating what every plan citing the document states."""
    return (
        f"{doc.kind} số {doc.number}, ngày {doc.issued:%d/%m/%Y} của {doc.issuer} về {doc.subject}"
    )


def plan_text(
    rng: random.Random,
    spec: PlanSpec,
    refs: list[Doc],
    parents: list[PlanSpec],
    material: Material,
    published: date,
    life: random.Random | None = None,
    replaces: str | None = None,
) -> str:
    """A plan file: front matter and Markdown body. ``life`` (a generator of its own, so that
    the rest of the corpus stays as it was) decides whether a plan with recurring milestones
    states its term; ``replaces`` is the number of an earlier plan it replaces."""
    start = spec.issued or published
    lines = ["---", f"title: {_quote(spec.title)}"]
    if spec.number:
        lines.append(f"number: {spec.number}")
    lines.append(f"issuer: {_quote(spec.issuer)}")
    if spec.issued:
        lines.append(f"issued: {spec.issued:%d/%m/%Y}")
    lines += [
        f"published: {published.isoformat()}",
        "signer:",
        f"  name: {_quote(rng.choice(NAMES))}",
        f"  title: {_quote(rng.choice(['Phó Bí thư', 'Bí thư', 'Trưởng ban']))}",
        '  on_behalf_of: "Ban Thường vụ"',
        f"level: {spec.level}",
        f"locality: {_quote(spec.locality)}",
        "implements:",
    ]
    for doc in refs:
        if rng.random() < 0.75:
            lines += [
                f"  - number: {doc.number}",
                f"    issued: {doc.issued:%d/%m/%Y}",
                f"    issuer: {_quote(doc.issuer)}",
                f"    title: {_quote(doc.subject)}",
            ]
        else:
            lines.append(f"  - {doc.number}")
    for parent in parents:
        assert parent.number and parent.issued
        lines += [
            f"  - number: {parent.number}",
            f"    issued: {parent.issued:%d/%m/%Y}",
            f"    issuer: {_quote(parent.issuer)}",
            f"    title: {_quote(parent.title)}",
        ]
    if replaces:
        lines.append(f"replaces: {replaces}")
    term_at = len(lines)
    lines.append("milestones:")
    recurring = False
    for _ in range(rng.randrange(2, 6)):
        every = rng.choice(["yearly-Q1", "every-6-months", "quarterly"])
        dated = rng.random() < 0.85
        recurring = recurring or not dated
        lines.append(f"  - by: {_deadline(rng, start)}" if dated else f"  - recurring: {every}")
        lines.append(f"    what: {_quote(rng.choice(ACTIONS))}")
        if rng.random() < 0.8:
            lines.append(f"    who: {_quote(rng.choice(WHO))}")
    lines.append("recipients:")
    lines += [f"  - {_quote(r)}" for r in rng.sample(RECIPIENTS, rng.randrange(3, 6))]
    lines.append("topics:")
    lines += [f"  - {_quote(t)}" for t in rng.sample(TOPICS, rng.randrange(1, 4))]
    main = refs[0]
    summary = (
        f"{spec.issuer} {spec.locality} tổ chức học tập, quán triệt, triển khai "
        f"{main.kind} số {main.number} về {main.subject}."
    )
    lines.append(f"summary: {_quote(summary)}")
    lines += ["---", ""]
    if recurring and life is not None and life.random() < 0.65:
        lines.insert(term_at, f"term: {start.year} - {start.year + life.choice([2, 3, 4, 5])}")

    def para(section: int, count: int) -> list[str]:
        chosen = rng.sample(
            material.paragraphs[section], min(count, len(material.paragraphs[section]))
        )
        return [_localize(p, spec) + "\n" for p in chosen]

    def items(section: int, count: int) -> list[str]:
        chosen = rng.sample(material.items[section], min(count, len(material.items[section])))
        return ["".join(f"- {_localize(i, spec)}\n" for i in chosen)]

    documents = "".join(f"- {_citation(d)}.\n" for d in refs)
    body = [
        f"Thực hiện {_citation(main)}. {spec.issuer} xây dựng Kế hoạch tổ chức thực hiện "
        "như sau:\n",
        "## I. MỤC ĐÍCH, YÊU CẦU\n",
        "### 1. Mục đích\n",
        *para(1, 2),
        "### 2. Yêu cầu\n",
        *items(1, rng.randrange(2, 4)),
        "## II. NỘI DUNG\n",
        "### 1. Tài liệu học tập, quán triệt\n",
        documents,
        "### 2. Nội dung, hình thức\n",
        *para(2, rng.randrange(2, 4)),
        *items(2, rng.randrange(2, 6)),
        f"Thời gian: hoàn thành trước ngày {start + timedelta(days=60):%d/%m/%Y}.\n",
        "## III. TỔ CHỨC THỰC HIỆN\n",
    ]
    body += [f"{i}\\. {p}" for i, p in enumerate(para(3, rng.randrange(2, 5)), start=1)]
    body.append(
        f"Trên đây là Kế hoạch thực hiện {main.kind} số {main.number} của {spec.issuer}; "
        "đề nghị các cấp ủy, tổ chức đảng nghiêm túc triển khai thực hiện./.\n"
    )
    return "\n".join(lines) + "\n" + "\n".join(body)


def _title(rng: random.Random, doc: Doc, locality: str) -> str:
    pattern = rng.randrange(4)
    if pattern == 0:
        return (
            f"Tổ chức học tập, quán triệt, tuyên truyền và triển khai thực hiện {doc.kind} "
            f"số {doc.number} về {doc.subject}"
        )
    if pattern == 1:
        return f"Thực hiện {doc.kind} số {doc.number}, ngày {doc.issued:%d/%m/%Y} của {doc.issuer}"
    if pattern == 2:
        return f"Triển khai, quán triệt {doc.kind} số {doc.number} trên địa bàn {locality}"
    return f"Thực hiện {doc.subject} theo {doc.kind} số {doc.number}"


def _title_base(title: str) -> str:
    return title.rsplit(" (đợt ", 1)[0]


def generate(n: int, seed: int = 6) -> dict[str, str]:
    """``{relative path: file text}`` of ``n`` plans, the same for the same ``n`` and seed."""
    rng = random.Random(seed)
    material = load_material()
    numbers = Numbers()
    pool = make_pool(rng, numbers, max(60, n // 8))
    weights = [d.weight for d in pool]
    specs: list[PlanSpec] = []
    used: set[tuple[str, str, date | None]] = set()
    files: dict[str, str] = {}
    for i in range(n):
        level, issuers = _pick_level(rng)
        issuer, code = rng.choice(issuers)
        province = rng.choice(PROVINCES)
        places = {"tỉnh": [province], "huyện": DISTRICTS}.get(level, COMMUNES)
        locality = rng.choice(places)
        refs = list(dict.fromkeys(rng.choices(pool, weights, k=rng.randrange(1, 4))))
        floor = max(d.issued for d in refs) + timedelta(days=rng.randrange(5, 200))
        issued = None if rng.random() < 0.08 else min(floor, date(2025, 12, 31))
        published = (issued or floor) + timedelta(days=rng.randrange(0, 20))
        number = numbers.take("KH", code) if issued and rng.random() < 0.85 else None
        title = _title(rng, refs[0], locality)
        # One committee does not issue two plans of one title on one day (check refuses the
        # same plan twice): a repeat is the plan's next round, as real titles say it.
        rounds = 1
        while (title, issuer, issued) in used and rounds < 1000:
            rounds += 1
            title = f"{_title_base(title)} (đợt {rounds})"
        used.add((title, issuer, issued))
        spec = PlanSpec(
            number,
            title,
            issuer,
            issued,
            level,
            province,
            locality,
        )
        parents = [
            p
            for p in specs[-400:]
            if p.number
            and p.issued
            and issued
            and p.province == province
            and _RANK[p.level] < _RANK[level]
            and p.issued < issued
        ]
        chosen = [rng.choice(parents)] if parents and rng.random() < 0.5 else []
        life = random.Random(f"{seed}-{i}")
        older = [
            p.number
            for p in specs[-200:]
            if p.number
            and p.issued
            and issued
            and p.issuer == issuer
            and p.locality == locality
            and p.issued < issued
        ]
        replaces = life.choice(older) if older and spec.number and life.random() < 0.3 else None
        specs.append(spec)
        year = (issued or published).year
        name = f"{year}/{slugify(spec.title, max_length=60)}-{i:05d}.md"
        files[name] = plan_text(rng, spec, refs, chosen, material, published, life, replaces)
    return files


def _pick_level(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    r, total = rng.random(), 0.0
    for level, share, issuers in LEVELS:
        total += share
        if r < total:
            return level, issuers
    return LEVELS[-1][0], LEVELS[-1][2]


def make_project(n: int, dest: Path, seed: int = 6) -> Path:
    """A project folder at ``dest``: the sample site's ``mkdocs.yml`` and ``docs/``, and
    ``plans/`` with ``n`` synthetic plans. Replaces ``dest/plans``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.rmtree(dest / "docs", ignore_errors=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.rmtree(dest / "plans", ignore_errors=True)
    for name, text in generate(n, seed).items():
        path = dest / "plans" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("plans", type=int, help="number of plans (100, 1000, 10000…)")
    parser.add_argument("dest", type=Path, help="project folder to write")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    make_project(args.plans, args.dest, args.seed)
    print(f"{args.plans} kế hoạch trong {args.dest / 'plans'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
