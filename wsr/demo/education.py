"""Demo part: worker education at both programs, recorded through the services.

The worker organisations' staff ("workerorg", "gs-workerorg") record sessions at every facility over
the previous and the current season (dates relative to today, so the demo is realistic whenever it
is loaded): most facilities met the norm last season, a few fell short, and early in the current
season many are still below it. Sessions are in the programs' languages (Spanish, Haitian Creole,
English; Bengali, English). One duplicate record is withdrawn. The materials library holds short,
plain texts about workers' rights under each Code in every language: most published, one revised
(version 1 retired), one translation still a draft, and a printable PDF leaflet.
If a program has no season containing today or none before it, the program admin adds one.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.demo.agreements import demo_pdf
from wsr.education.coverage import season_for
from wsr.education.models import Material, MaterialVersion, SessionKind
from wsr.education.services import (
    material_create,
    material_version_draft,
    material_version_publish,
    session_record,
    session_withdraw,
)
from wsr.programs.models import Program, ReportingSeason
from wsr.programs.services import program_season_add
from wsr.registry.models import Facility

Texts = list[tuple[str, str, dict[str, tuple[str, str]]]]

FAIR_HARVEST_MATERIALS: Texts = [
    (
        "Know your rights under the Code",
        "",
        {
            "en": (
                "Know your rights",
                "The Code of Conduct was written by farmworkers. Every grower in the program must follow it.\n\n"
                "You must be paid for every hour you work, including time waiting in the field. You have the right "
                "to shade, clean water and breaks.\n\n"
                "Nobody may hit you, threaten you or force you to work. Sexual harassment is not allowed.\n\n"
                "You may complain without fear: punishing a worker who complains is a serious violation. Call the "
                "complaint line at any hour, in English, Spanish or Haitian Creole.",
            ),
            "es": (
                "Conozca sus derechos",
                "El Código de Conducta fue escrito por trabajadores agrícolas. Todos los productores del programa "
                "deben cumplirlo.\n\n"
                "Le deben pagar cada hora que trabaja, incluido el tiempo de espera en el campo. Tiene derecho a "
                "sombra, agua limpia y descansos.\n\n"
                "Nadie puede golpearle, amenazarle ni obligarle a trabajar. El acoso sexual no está permitido.\n\n"
                "Puede quejarse sin miedo: castigar a un trabajador que se queja es una violación grave. Llame a la "
                "línea de quejas a cualquier hora, en inglés, español o criollo haitiano.",
            ),
            "ht": (
                "Konnen dwa ou",
                "Se travayè agrikòl ki ekri Kòd Konduit la. Tout plantè ki nan pwogram nan dwe respekte l.\n\n"
                "Yo dwe peye w pou chak èdtan ou travay, menm tan ou pase ap tann nan jaden an. Ou gen dwa a "
                "lonbraj, dlo pwòp ak poz.\n\n"
                "Pesonn pa gen dwa frape w, menase w oswa fòse w travay. Arasman seksyèl entèdi.\n\n"
                "Ou ka pote plent san pè: pini yon travayè paske li pote plent se yon vyolasyon grav. Rele liy "
                "plent lan nenpòt lè, an anglè, an panyòl oswa an kreyòl ayisyen.",
            ),
        },
    ),
    (
        "How to make a complaint",
        "retaliation",
        {
            "en": (
                "How to make a complaint",
                "You can make a complaint by phone, by text message, on the website, or in person with a council "
                "investigator. You do not have to give your name.\n\n"
                "You will receive a case code: keep it to follow your complaint and to send messages.\n\n"
                "The council investigates quickly and tells you what was decided. Your employer is not allowed to "
                "punish you for complaining.",
            ),
            "es": (
                "Cómo presentar una queja",
                "Puede presentar una queja por teléfono, por mensaje de texto, en la página web o en persona con "
                "un investigador del consejo. No tiene que dar su nombre.\n\n"
                "Recibirá un código de caso: guárdelo para seguir su queja y enviar mensajes.\n\n"
                "El consejo investiga rápido y le dice lo que se decidió. Su empleador no puede castigarle por "
                "quejarse.",
            ),
            "ht": (
                "Kijan pou w pote plent",
                "Ou ka pote plent pa telefòn, pa mesaj tèks, sou sit entènèt la, oswa an pèson devan yon "
                "envestigatè konsèy la. Ou pa oblije bay non w.\n\n"
                "W ap resevwa yon kòd dosye: kenbe l pou w swiv plent ou epi voye mesaj.\n\n"
                "Konsèy la fè ankèt vit epi li di w sa yo deside. Patwon ou pa gen dwa pini w paske ou pote plent.",
            ),
        },
    ),
    (
        "Heat, shade and water",
        "health_safety",
        {
            "en": (
                "Heat, shade and water",
                "Heat can kill. Your employer must give you shade, cool clean water and time to rest.\n\n"
                "Drink water every 15 minutes, even if you are not thirsty. If you feel dizzy, sick or confused, "
                "stop and tell your crew leader. Help a co-worker who shows these signs.\n\n"
                "You will not be punished for resting.",
            ),
            "es": (
                "Calor, sombra y agua",
                "El calor puede matar. Su empleador debe darle sombra, agua limpia y fresca y tiempo para "
                "descansar.\n\n"
                "Tome agua cada 15 minutos, aunque no tenga sed. Si se siente mareado, enfermo o confundido, pare "
                "y avise a su mayordomo. Ayude a un compañero que muestre estas señales.\n\n"
                "No le castigarán por descansar.",
            ),
            "ht": (
                "Chalè, lonbraj ak dlo",
                "Chalè ka touye moun. Patwon ou dwe ba w lonbraj, dlo pwòp ki fre ak tan pou w repoze.\n\n"
                "Bwè dlo chak 15 minit, menm si ou pa swaf. Si tèt ou ap vire, si ou santi w malad oswa si ou pa "
                "konprann byen, kanpe epi di chèf ekip ou. Ede yon konpayon ki gen siy sa yo.\n\n"
                "Yo p ap pini w paske ou repoze.",
            ),
        },
    ),
    (
        "Sexual harassment: zero tolerance",
        "sexual_harassment",
        {
            "en": (
                "Sexual harassment: zero tolerance",
                "No one may touch you, pressure you for sex or make sexual comments at work. A supervisor who does "
                "this is removed from the farm.\n\n"
                "Tell the complaint line. The investigators who handle these cases are specially trained, and your "
                "identity is protected.",
            ),
            "es": (
                "Acoso sexual: tolerancia cero",
                "Nadie puede tocarle, presionarle para tener sexo ni hacerle comentarios sexuales en el trabajo. "
                "Un supervisor que lo hace es retirado de la finca.\n\n"
                "Avise a la línea de quejas. Los investigadores de estos casos tienen formación especial y su "
                "identidad está protegida.",
            ),
            "ht": (
                "Arasman seksyèl: zewo tolerans",
                "Pesonn pa gen dwa manyen w, fè presyon sou ou pou fè sèks oswa fè kòmantè seksyèl sou ou nan "
                "travay la. Yon sipèvizè ki fè sa ap retire sou fèm nan.\n\n"
                "Rele liy plent lan. Envestigatè ki okipe ka sa yo resevwa yon fòmasyon espesyal, epi idantite w "
                "pwoteje.",
            ),
        },
    ),
]

GARMENT_SAFETY_MATERIALS: Texts = [
    (
        "Your right to a safe factory",
        "health_safety",
        {
            "en": (
                "Your right to a safe factory",
                "Every worker has the right to a safe workplace. Fire exits must be open and unlocked during "
                "working hours. Aisles and stairs must be kept clear.\n\n"
                "You have the right to refuse work in a building or room you believe is unsafe, without losing "
                "pay.\n\n"
                "Join the factory's safety committee or talk to its members.",
            ),
            "bn": (
                "নিরাপদ কারখানা আপনার অধিকার",
                "প্রত্যেক শ্রমিকের নিরাপদ কর্মস্থলের অধিকার আছে। কাজের সময় অগ্নি-নির্গমন পথ খোলা ও তালামুক্ত "
                "রাখতে হবে। চলাচলের পথ ও সিঁড়ি পরিষ্কার রাখতে হবে।\n\n"
                "যে ভবন বা কক্ষকে আপনি অনিরাপদ মনে করেন, সেখানে কাজ করতে অস্বীকার করার অধিকার আপনার আছে; "
                "এজন্য আপনার মজুরি কাটা যাবে না।\n\n"
                "কারখানার নিরাপত্তা কমিটিতে যোগ দিন বা এর সদস্যদের সাথে কথা বলুন।",
            ),
        },
    ),
    (
        "How to raise a safety complaint",
        "health_safety",
        {
            "en": (
                "How to raise a safety complaint",
                "If you see cracks in walls, blocked exits, exposed wires or locked doors, report it.\n\n"
                "You can call the complaint line, send a text message or tell a union representative. You do not "
                "have to give your name.\n\n"
                "The Accord investigates and tells the factory what must be fixed and by when.",
            ),
            "bn": (
                "নিরাপত্তা বিষয়ে কীভাবে অভিযোগ করবেন",
                "দেয়ালে ফাটল, বন্ধ নির্গমন পথ, খোলা বৈদ্যুতিক তার বা তালাবদ্ধ দরজা দেখলে জানান।\n\n"
                "আপনি অভিযোগ লাইনে ফোন করতে, মোবাইলে বার্তা পাঠাতে বা ইউনিয়ন প্রতিনিধিকে জানাতে পারেন। "
                "আপনার নাম দিতে হবে না।\n\n"
                "অ্যাকর্ড তদন্ত করে কারখানাকে জানায় কী ঠিক করতে হবে এবং কবের মধ্যে।",
            ),
        },
    ),
    (
        "Freedom of association",
        "freedom_of_association",
        {
            "en": (
                "Freedom of association",
                "You have the right to join a union and to take part in union activities. Your employer may not "
                "fire, threaten or transfer you for this.\n\n"
                "Punishing workers who raise safety concerns is a violation of the Accord.",
            ),
            "bn": (
                "সংগঠন করার স্বাধীনতা",
                "ইউনিয়নে যোগ দেওয়া এবং ইউনিয়নের কাজে অংশ নেওয়ার অধিকার আপনার আছে। এ কারণে মালিক আপনাকে "
                "ছাঁটাই, হুমকি বা বদলি করতে পারবে না।\n\n"
                "নিরাপত্তা নিয়ে কথা বলা শ্রমিকদের শাস্তি দেওয়া অ্যাকর্ডের লঙ্ঘন।",
            ),
        },
    ),
]

# Free topics educators add beside the Code categories.
OTHER_TOPICS = {
    "fair-harvest": ["Using the complaint line", "Reading your pay stub", "Heat stress"],
    "garment-safety": ["Fire drill", "Safety committee elections", "Using the complaint line"],
}

TOPICS = {
    "fair-harvest": ["wages_hours", "health_safety", "sexual_harassment", "retaliation", "violence", "housing"],
    "garment-safety": ["health_safety", "freedom_of_association", "retaliation", "wages_hours", "discrimination"],
}
LANGUAGES = {"fair-harvest": ["es", "es", "es", "ht", "ht", "en"], "garment-safety": ["bn", "bn", "bn", "bn", "en"]}
# Share of the workforce a session typically reaches (crews in the field; lines in a factory).
GROUP_SHARE = {"fair-harvest": (0.25, 0.45), "garment-safety": (0.05, 0.12)}


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def _name(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year % 100:02d}"


def _seasons(program: Program, admin: Actor, today: dt.date) -> tuple[ReportingSeason, ReportingSeason]:
    """The previous and the current season, adding them if the program lacks them."""
    seasons = list(program.seasons.order_by("starts_on"))
    current = season_for(today, seasons)
    if current is None:
        ended = [s.ends_on for s in seasons if s.ends_on < today]
        upcoming = [s.starts_on for s in seasons if s.starts_on > today]
        start = max(today - dt.timedelta(days=120), (max(ended) + dt.timedelta(days=1)) if ended else today)
        end = min(today + dt.timedelta(days=180), (min(upcoming) - dt.timedelta(days=1)) if upcoming else today)
        end = max(end, today + dt.timedelta(days=1))
        current = program_season_add(actor=admin, program=program, name=_name(start, end), starts_on=start, ends_on=end)
    assert isinstance(current, ReportingSeason)
    previous = program.seasons.filter(ends_on__lt=current.starts_on).order_by("-starts_on").first()
    if previous is None:
        end = current.starts_on - dt.timedelta(days=1)
        start = end - (current.ends_on - current.starts_on)
        previous = program_season_add(
            actor=admin, program=program, name=_name(start, end), starts_on=start, ends_on=end
        )
    return previous, current


def _plan(rng: random.Random, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """``count`` dates spread over [first, last] (the first one early: new-hire orientation)."""
    span = max((last - first).days, 0)
    if span == 0:
        return [first] * count
    marks = [0, *sorted(rng.sample(range(1, span + 1), min(count - 1, span)))]
    while len(marks) < count:
        marks.append(marks[-1])
    return [first + dt.timedelta(days=min(span, m + (rng.randint(0, 2) if i == 0 else 0))) for i, m in enumerate(marks)]


def _sessions(
    *,
    actor: Actor,
    program: Program,
    facility: Facility,
    educators: list[User],
    dates: list[dt.date],
    paid: list[bool],
    rng: random.Random,
) -> list[Any]:
    workforce = facility.worker_count or 200
    low, high = GROUP_SHARE[program.slug]
    reached = 0
    made = []
    for index, (day, on_the_clock) in enumerate(zip(dates, paid, strict=True)):
        attendees = min(workforce, max(8, int(workforce * rng.uniform(low, high))))
        if index == 0:
            new = attendees
        else:
            new = min(attendees, max(0, workforce - reached), int(attendees * rng.uniform(0.3, 0.7)))
        reached += new
        topics = rng.sample(TOPICS[program.slug], 2 if index else 3)
        others = [rng.choice(OTHER_TOPICS[program.slug])] if rng.random() < 0.4 else []
        made.append(
            session_record(
                actor=actor,
                program=program,
                facility=facility,
                held_on=day,
                language=rng.choice(LANGUAGES[program.slug]),
                kind=SessionKind.ORIENTATION if index == 0 else SessionKind.PERIODIC,
                on_the_clock=on_the_clock,
                attendees=attendees,
                new_workers=new,
                educators=educators,
                topics=topics,
                other_topics=others,
            )
        )
    return made


def _build_sessions(program: Program, admin: Actor, recorder: str) -> None:
    today = clock.today()
    previous, current = _seasons(program, admin, today)
    actor = _actor(recorder)
    educators = list(User.objects.filter(organisation=program.worker_organisation).order_by("username"))
    rng = random.Random(f"education-{program.slug}")  # deterministic demo
    facilities = list(Facility.objects.filter(program_links__program=program).order_by("name", "pk"))
    norm = program.education_sessions_per_season
    last_day = min(today, current.ends_on)
    made: list[Any] = []
    for index, facility in enumerate(facilities):
        # Last season: every facility had an orientation and periodic sessions; every fourth fell
        # short of the norm (one paid session, one unpaid after hours).
        short = index % 4 == 1
        paid = [True] + ([False] if short else [True] * max(norm, 1))
        dates = _plan(rng, previous.starts_on, previous.ends_on, len(paid))
        made += _sessions(
            actor=actor, program=program, facility=facility, educators=educators, dates=dates, paid=paid, rng=rng
        )
        # This season so far: orientation at two facilities in three; a periodic session at some.
        if index % 3 != 2:
            count = 2 if index % 3 == 0 else 1
            dates = _plan(rng, current.starts_on, last_day, count)
            made += _sessions(
                actor=actor,
                program=program,
                facility=facility,
                educators=educators,
                dates=dates,
                paid=[True] * count,
                rng=rng,
            )
    if made:
        # The same visit entered twice by mistake: the duplicate is withdrawn (it stays in the history).
        original = made[-1]
        duplicate = session_record(
            actor=actor,
            program=program,
            facility=original.facility,
            held_on=original.held_on,
            language=original.language,
            kind=original.kind,
            on_the_clock=original.on_the_clock,
            attendees=original.attendees,
            new_workers=original.new_workers,
            educators=educators,
            topics=original.topics,
            other_topics=original.other_topics,
        )
        session_withdraw(
            actor=actor, session=duplicate, reason="Entered twice by mistake: duplicate of the same visit."
        )


def _build_materials(program: Program, manager: str, texts: Texts) -> dict[str, Material]:
    actor = _actor(manager)
    materials: dict[str, Material] = {}
    for name, category, versions in texts:
        first: MaterialVersion | None = None
        for language, (title, body) in versions.items():
            if first is None:
                first = material_create(
                    actor=actor,
                    program=program,
                    name=name,
                    category=category,
                    language=language,
                    title=title,
                    body=body,
                )
                version = first
            else:
                version = material_version_draft(
                    actor=actor, material=first.material, language=language, title=title, body=body
                )
            material_version_publish(actor=actor, version=version)
        assert first is not None
        materials[name] = first.material
    return materials


def _fair_harvest_extras(program: Program, materials: dict[str, Material]) -> None:
    actor = _actor("workerorg")
    rights = materials["Know your rights under the Code"]
    leaflet = demo_pdf(
        "Know your rights - Fair Harvest Program",
        [
            "You must be paid for every hour you work.",
            "You have the right to shade, clean water and breaks.",
            "Nobody may hit you, threaten you or force you to work.",
            "You may complain without fear. Call the complaint line at any hour.",
        ],
    )
    en_text = FAIR_HARVEST_MATERIALS[0][2]["en"]
    version = material_version_draft(
        actor=actor,
        material=rights,
        language="en",
        title="Know your rights (printable leaflet)",
        body=en_text[1],
        filename="know-your-rights.pdf",
        content=leaflet,
    )
    material_version_publish(actor=actor, version=version)  # version 1 is retired by this
    heat = materials["Heat, shade and water"]
    title, body = FAIR_HARVEST_MATERIALS[2][2]["es"]
    material_version_draft(
        actor=actor,
        material=heat,
        language="es",
        title=title,
        body=body + "\n\nSi hace más de 32 °C, pida un descanso de 10 minutos a la sombra cada hora.",
    )  # a revision waiting for review


def _garment_extras(program: Program, materials: dict[str, Material]) -> None:
    actor = _actor("gs-workerorg")
    foa = materials["Freedom of association"]
    title, body = GARMENT_SAFETY_MATERIALS[2][2]["en"]
    material_version_draft(
        actor=actor,
        material=foa,
        language="en",
        title=title,
        body=body + "\n\nYou may also elect worker members of the factory's safety committee.",
    )


def build(password: str) -> None:
    fair = Program.objects.get(slug="fair-harvest")
    garment = Program.objects.get(slug="garment-safety")
    _build_sessions(fair, _actor("admin"), "workerorg")
    _build_sessions(garment, _actor("gs-admin"), "gs-workerorg")
    _fair_harvest_extras(fair, _build_materials(fair, "workerorg", FAIR_HARVEST_MATERIALS))
    _garment_extras(garment, _build_materials(garment, "gs-workerorg", GARMENT_SAFETY_MATERIALS))
