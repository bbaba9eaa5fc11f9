"""Demo part: the Codes of Conduct, written, approved and adopted through the real services.

Fair Harvest gets a Code modelled on the Fair Food Program's (zero tolerance for forced labour,
child labour, violence and sexual assault; heat, water and shade; the premium on the payslip) in
English, Spanish and Haitian Creole, plus a second draft that changes the heat rule (so the diff
page has something to show). Garment Safety gets an Accord-like Code in English and Bengali.
Each is drafted and approved by the program's worker organisation and adopted by its admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.programs.models import Program
from wsr.standards.models import CodeVersion
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    provision_add,
    provision_update,
)

ZT, SERIOUS, MINOR = "zero_tolerance", "serious", "minor"

# (ref, category, tier, {language: (title, text)})
FAIR_HARVEST: list[tuple[str, str, str, dict[str, tuple[str, str]]]] = [
    (
        "1.1",
        "forced_labour",
        ZT,
        {
            "en": (
                "No forced labour",
                "No one may be made to work against their will. No debt bondage, no holding of identity papers, "
                "no threats, and no locked housing or workplaces.",
            ),
            "es": (
                "Prohibido el trabajo forzoso",
                "Nadie puede ser obligado a trabajar contra su voluntad. No se permite la servidumbre por deudas, "
                "retener documentos de identidad, amenazar, ni encerrar a nadie en la vivienda o el lugar de trabajo.",
            ),
            "ht": (
                "Pa gen travay fòse",
                "Pèsonn pa dwe fòse travay kont volonte yo. Pa gen esklavaj pou dèt, pa kenbe papye idantite moun, "
                "pa gen menas, ni fèmen moun nan kay oswa nan plas travay.",
            ),
        },
    ),
    (
        "1.2",
        "child_labour",
        ZT,
        {
            "en": (
                "No child labour",
                "No one under 16 works on the farm. Workers aged 16 and 17 never do hazardous tasks.",
            ),
            "es": (
                "Prohibido el trabajo infantil",
                "Ninguna persona menor de 16 años trabaja en la finca. Los trabajadores de 16 y 17 años nunca hacen "
                "tareas peligrosas.",
            ),
            "ht": (
                "Pa gen travay timoun",
                "Pèsonn ki poko gen 16 an pa travay sou fèm nan. Travayè ki gen 16 ak 17 an pa janm fè travay ki "
                "danjere.",
            ),
        },
    ),
    (
        "1.3",
        "violence",
        ZT,
        {
            "en": ("No violence", "No physical violence, and no threat of violence, against any worker."),
            "es": (
                "Prohibida la violencia",
                "No se permite la violencia física ni la amenaza de violencia contra ningún trabajador.",
            ),
            "ht": ("Pa gen vyolans", "Pa gen vyolans fizik, ni menas vyolans, kont okenn travayè."),
        },
    ),
    (
        "1.4",
        "sexual_harassment",
        ZT,
        {
            "en": (
                "No sexual assault",
                "Sexual assault, and sexual harassment with physical contact or a threat to a worker's job, are never "
                "tolerated.",
            ),
            "es": (
                "Prohibida la agresión sexual",
                "Nunca se tolera la agresión sexual, ni el acoso sexual con contacto físico o con amenazas al empleo "
                "del trabajador.",
            ),
            "ht": (
                "Pa gen atak seksyèl",
                "Atak seksyèl, ak asèlman seksyèl ki gen kontak fizik oswa menas sou travay yon moun, pa janm tolere.",
            ),
        },
    ),
    (
        "2.1",
        "sexual_harassment",
        SERIOUS,
        {
            "en": (
                "No sexual harassment",
                "No unwanted sexual comments, gestures or requests. Supervisors who harass workers are disciplined.",
            ),
            "es": (
                "Prohibido el acoso sexual",
                "No se permiten comentarios, gestos ni peticiones sexuales no deseados. Los supervisores que acosen a "
                "trabajadores serán sancionados.",
            ),
            "ht": (
                "Pa gen asèlman seksyèl",
                "Pa gen pawòl, jès oswa demann seksyèl moun pa vle. Sipèvizè ki asele travayè ap sanksyone.",
            ),
        },
    ),
    (
        "2.2",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Shade, water and rest in the heat",
                "Shade, cool drinking water and toilets are close to every work area. Workers may rest in the shade "
                "when they need to, and more often as the heat rises.",
            ),
            "es": (
                "Sombra, agua y descanso con el calor",
                "Hay sombra, agua fresca para beber y baños cerca de cada área de trabajo. Los trabajadores pueden "
                "descansar a la sombra cuando lo necesiten, y más seguido cuando sube el calor.",
            ),
            "ht": (
                "Lonbraj, dlo ak repo nan chalè",
                "Gen lonbraj, dlo fre pou bwè ak twalèt toupre chak zòn travay. Travayè ka repoze nan lonbraj lè yo "
                "bezwen, e pi souvan lè chalè a ap monte.",
            ),
        },
    ),
    (
        "2.3",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Safe handling of pesticides",
                "No one works in a field while it is sprayed or before the re-entry time has passed. Training and "
                "protective equipment are free.",
            ),
            "es": (
                "Manejo seguro de pesticidas",
                "Nadie trabaja en un campo mientras se fumiga ni antes de que pase el tiempo de reingreso. La "
                "capacitación y el equipo de protección son gratuitos.",
            ),
            "ht": (
                "Pestisid san danje",
                "Pèsonn pa travay nan yon jaden pandan y ap flite l, ni anvan tan pou retounen an fin pase. Fòmasyon "
                "ak ekipman pwoteksyon yo gratis.",
            ),
        },
    ),
    (
        "2.4",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Stop work when there is danger",
                "Workers may stop work and take shelter in lightning or any other danger to life, without punishment.",
            ),
            "es": (
                "Parar el trabajo ante un peligro",
                "Los trabajadores pueden dejar de trabajar y buscar refugio cuando hay rayos u otro peligro para la "
                "vida, sin castigo.",
            ),
            "ht": (
                "Kanpe travay lè gen danje",
                "Travayè ka kanpe travay epi al pare lè gen zèklè oswa lòt danje pou lavi yo, san yo pa pini yo.",
            ),
        },
    ),
    (
        "2.5",
        "health_safety",
        MINOR,
        {
            "en": ("First aid", "Every crew has a stocked first-aid kit and a person trained to use it."),
            "es": (
                "Primeros auxilios",
                "Cada cuadrilla tiene un botiquín completo y una persona capacitada para usarlo.",
            ),
            "ht": ("Premye swen", "Chak ekip gen yon bwat premye swen ki plen ak yon moun ki fòme pou sèvi avè l."),
        },
    ),
    (
        "3.1",
        "wages_hours",
        SERIOUS,
        {
            "en": (
                "Pay for every hour",
                "Workers are paid at least the minimum wage for every hour worked, including time spent waiting in "
                "the field.",
            ),
            "es": (
                "Pago por cada hora",
                "Los trabajadores reciben al menos el salario mínimo por cada hora trabajada, incluido el tiempo de "
                "espera en el campo.",
            ),
            "ht": (
                "Peye pou chak èdtan",
                "Travayè yo touche omwen salè minimòm pou chak èdtan yo travay, menm tan y ap tann nan jaden an.",
            ),
        },
    ),
    (
        "3.2",
        "wages_hours",
        SERIOUS,
        {
            "en": (
                "Accurate timekeeping",
                "Hours are recorded with a time clock or another reliable system from the moment work starts. "
                "Workers can check their own hours.",
            ),
            "es": (
                "Registro exacto de las horas",
                "Las horas se registran con un reloj marcador u otro sistema confiable desde que empieza el trabajo. "
                "Los trabajadores pueden revisar sus propias horas.",
            ),
            "ht": (
                "Konte lè travay egzakteman",
                "Yo anrejistre lè travay yo ak yon revèy pwentaj oswa yon lòt sistèm serye depi travay la kòmanse. "
                "Travayè yo ka verifye pwòp lè pa yo.",
            ),
        },
    ),
    (
        "3.3",
        "wages_hours",
        SERIOUS,
        {
            "en": (
                "The premium on every payslip",
                "The program premium paid by buyers reaches workers as a separate line on each payslip.",
            ),
            "es": (
                "La prima en cada talón de pago",
                "La prima del programa que pagan los compradores llega a los trabajadores como una línea aparte en "
                "cada talón de pago.",
            ),
            "ht": (
                "Prim nan chak fich pèman",
                "Prim pwogram nan achtè yo peye a rive jwenn travayè yo sou yon liy apa nan chak fich pèman.",
            ),
        },
    ),
    (
        "3.4",
        "wages_hours",
        SERIOUS,
        {
            "en": (
                "No overfilled buckets",
                "Buckets are filled level, not heaped. No one is made to pick extra produce without pay.",
            ),
            "es": (
                "Cubetas sin copete",
                "Las cubetas se llenan al ras, sin copete. A nadie se le obliga a cosechar de más sin pago.",
            ),
            "ht": (
                "Pa plen bokit depase",
                "Yo plen bokit yo ra bò, san fè mòn. Pèsonn pa oblije ranmase plis rekòt san yo pa peye l.",
            ),
        },
    ),
    (
        "3.5",
        "wages_hours",
        MINOR,
        {
            "en": (
                "Clear payslips",
                "Each payslip shows hours, pay rate, pieces, premium and deductions, in a language the worker reads.",
            ),
            "es": (
                "Talones de pago claros",
                "Cada talón de pago muestra las horas, la tarifa, las piezas, la prima y los descuentos, en un idioma "
                "que el trabajador lee.",
            ),
            "ht": (
                "Fich pèman ki klè",
                "Chak fich pèman montre lè travay, to pèman, kantite bokit, prim ak dediksyon yo, nan yon lang "
                "travayè a li.",
            ),
        },
    ),
    (
        "4.1",
        "freedom_of_association",
        SERIOUS,
        {
            "en": (
                "Freedom to organise and speak",
                "Workers may join together, take part in rights education and speak with the worker organisation, on "
                "and off the farm.",
            ),
            "es": (
                "Libertad para organizarse y hablar",
                "Los trabajadores pueden unirse, participar en la educación sobre sus derechos y hablar con la "
                "organización de trabajadores, dentro y fuera de la finca.",
            ),
            "ht": (
                "Libète pou òganize ak pale",
                "Travayè yo ka mete tèt yo ansanm, patisipe nan edikasyon sou dwa yo epi pale ak òganizasyon travayè "
                "a, sou fèm nan kou andeyò.",
            ),
        },
    ),
    (
        "5.1",
        "retaliation",
        SERIOUS,
        {
            "en": (
                "No retaliation",
                "No worker is fired, punished or threatened for making a complaint or for speaking with auditors or "
                "the worker organisation.",
            ),
            "es": (
                "Prohibidas las represalias",
                "Ningún trabajador puede ser despedido, castigado ni amenazado por poner una queja o por hablar con "
                "los auditores o con la organización de trabajadores.",
            ),
            "ht": (
                "Pa gen reprezay",
                "Pèsonn pa dwe revoke, pini oswa menase yon travayè paske li fè yon plent oswa li pale ak oditè yo "
                "oswa ak òganizasyon travayè a.",
            ),
        },
    ),
    (
        "6.1",
        "housing",
        SERIOUS,
        {
            "en": (
                "Safe and decent housing",
                "Housing provided by the employer is safe and clean, with running water, toilets and a place to cook. "
                "Workers hold their own keys.",
            ),
            "es": (
                "Vivienda segura y digna",
                "La vivienda que da el empleador es segura y limpia, con agua corriente, baños y un lugar para "
                "cocinar. Los trabajadores tienen sus propias llaves.",
            ),
            "ht": (
                "Lojman ki an sekirite e kòrèk",
                "Lojman patwon an bay la an sekirite e pwòp, ak dlo k ap koule, twalèt ak yon kote pou kwit manje. "
                "Travayè yo kenbe pwòp kle yo.",
            ),
        },
    ),
    (
        "7.1",
        "discrimination",
        SERIOUS,
        {
            "en": (
                "No discrimination",
                "No worker is treated worse because of race, sex, nationality, religion, age, disability or "
                "membership of a worker organisation.",
            ),
            "es": (
                "Prohibida la discriminación",
                "Ningún trabajador recibe peor trato por su raza, sexo, nacionalidad, religión, edad, discapacidad o "
                "por pertenecer a una organización de trabajadores.",
            ),
            "ht": (
                "Pa gen diskriminasyon",
                "Pèsonn pa dwe trete yon travayè pi mal akoz ras li, sèks li, nasyonalite li, relijyon li, laj li, "
                "andikap li oswa paske li manm yon òganizasyon travayè.",
            ),
        },
    ),
    (
        "8.1",
        "other",
        MINOR,
        {
            "en": (
                "Rights education on paid time",
                "Workers attend rights education sessions during paid working time, at least twice a season.",
            ),
            "es": (
                "Educación sobre derechos en horas pagadas",
                "Los trabajadores asisten a sesiones de educación sobre sus derechos en horas de trabajo pagadas, al "
                "menos dos veces por temporada.",
            ),
            "ht": (
                "Edikasyon sou dwa pandan lè travay peye",
                "Travayè yo patisipe nan sesyon edikasyon sou dwa yo pandan lè travay yo peye, omwen de fwa chak "
                "sezon.",
            ),
        },
    ),
    (
        "8.2",
        "other",
        MINOR,
        {
            "en": (
                "Complaint line posted",
                "The complaint line number is posted at every workplace and on every bus, in the workers' languages.",
            ),
            "es": (
                "Línea de quejas a la vista",
                "El número de la línea de quejas está a la vista en cada lugar de trabajo y en cada autobús, en los "
                "idiomas de los trabajadores.",
            ),
            "ht": (
                "Nimewo liy plent lan afiche",
                "Nimewo liy plent lan afiche nan chak plas travay ak nan chak bis, nan lang travayè yo pale.",
            ),
        },
    ),
]

# The draft of version 2: a measurable heat rule replaces "more often as the heat rises".
FAIR_HARVEST_HEAT_RULE: dict[str, tuple[str, str]] = {
    "en": (
        "Shade, water and rest in the heat",
        "Shade, cool drinking water and toilets are close to every work area. Workers may rest in the shade when they "
        "need to. When the heat index reaches 90 °F (32 °C), every worker gets a paid 10-minute break in the shade "
        "each hour.",
    ),
    "es": (
        "Sombra, agua y descanso con el calor",
        "Hay sombra, agua fresca para beber y baños cerca de cada área de trabajo. Los trabajadores pueden descansar "
        "a la sombra cuando lo necesiten. Cuando el índice de calor llega a 90 °F (32 °C), cada trabajador tiene un "
        "descanso pagado de 10 minutos a la sombra cada hora.",
    ),
    "ht": (
        "Lonbraj, dlo ak repo nan chalè",
        "Gen lonbraj, dlo fre pou bwè ak twalèt toupre chak zòn travay. Travayè ka repoze nan lonbraj lè yo bezwen. "
        "Lè endèks chalè a rive 90 °F (32 °C), chak travayè jwenn yon repo 10 minit nan lonbraj chak èdtan, epi yo "
        "peye l.",
    ),
}

GARMENT_SAFETY: list[tuple[str, str, str, dict[str, tuple[str, str]]]] = [
    (
        "1.1",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Fire safety",
                "Fire alarms, extinguishers, fire doors and sprinklers are installed and always work. Fire drills are "
                "held regularly on every floor.",
            ),
            "bn": (
                "অগ্নি নিরাপত্তা",
                "ফায়ার অ্যালার্ম, অগ্নিনির্বাপক যন্ত্র, ফায়ার ডোর ও স্প্রিংকলার বসানো থাকবে এবং সবসময় সচল থাকবে। "
                "প্রতিটি তলায় নিয়মিত অগ্নি মহড়া হবে।",
            ),
        },
    ),
    (
        "1.2",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Safe ways out",
                "No exit, gate or stairway is ever locked or blocked during working hours. Every floor has at least "
                "two safe ways out.",
            ),
            "bn": (
                "নিরাপদে বের হওয়ার পথ",
                "কাজের সময় কোনো বের হওয়ার পথ, গেট বা সিঁড়ি কখনো তালাবদ্ধ বা আটকে রাখা যাবে না। প্রতিটি তলায় অন্তত "
                "দুটি নিরাপদ বের হওয়ার পথ থাকবে।",
            ),
        },
    ),
    (
        "1.3",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Electrical safety",
                "Wiring, panels and machines are installed and maintained safely. No loose or hanging wires.",
            ),
            "bn": (
                "বৈদ্যুতিক নিরাপত্তা",
                "তার, বৈদ্যুতিক প্যানেল ও যন্ত্রপাতি নিরাপদভাবে বসানো ও রক্ষণাবেক্ষণ করা হবে। খোলা বা ঝুলন্ত তার রাখা যাবে না।",
            ),
        },
    ),
    (
        "1.4",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Structural safety",
                "Engineers inspect the building. Cracks and overloading are repaired at once. If the building is "
                "unsafe, work stops, everyone leaves, and wages are still paid.",
            ),
            "bn": (
                "ভবনের নিরাপত্তা",
                "প্রকৌশলীরা ভবন পরিদর্শন করবেন। ফাটল বা অতিরিক্ত ভার সঙ্গে সঙ্গে ঠিক করতে হবে। ভবন অনিরাপদ হলে কাজ "
                "বন্ধ হবে, সবাই বের হয়ে যাবেন, এবং মজুরি দেওয়া হবে।",
            ),
        },
    ),
    (
        "1.5",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Boiler safety",
                "Boilers are registered and certified, run by trained operators, and kept in a room apart from where "
                "people work.",
            ),
            "bn": (
                "বয়লার নিরাপত্তা",
                "বয়লার নিবন্ধিত ও সনদপ্রাপ্ত হবে, প্রশিক্ষিত অপারেটর তা চালাবেন, এবং শ্রমিকদের কাজের জায়গা থেকে আলাদা কক্ষে রাখা হবে।",
            ),
        },
    ),
    (
        "2.1",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Safety committee",
                "Every factory has a safety committee. At least half of its members are chosen by the workers. It "
                "meets regularly and is trained.",
            ),
            "bn": (
                "নিরাপত্তা কমিটি",
                "প্রতিটি কারখানায় একটি নিরাপত্তা কমিটি থাকবে। এর অন্তত অর্ধেক সদস্য শ্রমিকরা বেছে নেবেন। কমিটি নিয়মিত "
                "সভা করবে এবং প্রশিক্ষণ পাবে।",
            ),
        },
    ),
    (
        "2.2",
        "health_safety",
        SERIOUS,
        {
            "en": (
                "Right to refuse unsafe work",
                "A worker who believes a building or a task is unsafe may refuse to work there, without losing pay or "
                "the job.",
            ),
            "bn": (
                "অনিরাপদ কাজ অস্বীকার করার অধিকার",
                "কোনো শ্রমিক যদি মনে করেন ভবন বা কাজটি অনিরাপদ, তিনি সেখানে কাজ করতে অস্বীকার করতে পারবেন। এজন্য তাঁর "
                "মজুরি কাটা যাবে না এবং চাকরিও যাবে না।",
            ),
        },
    ),
    (
        "3.1",
        "retaliation",
        SERIOUS,
        {
            "en": (
                "No retaliation",
                "No worker is punished, threatened or dismissed for raising a safety concern, serving on the safety "
                "committee or speaking with inspectors.",
            ),
            "bn": (
                "প্রতিশোধ নয়",
                "নিরাপত্তা নিয়ে অভিযোগ করা, নিরাপত্তা কমিটিতে কাজ করা বা পরিদর্শকের সাথে কথা বলার জন্য কোনো শ্রমিককে "
                "শাস্তি, হুমকি বা চাকরিচ্যুত করা যাবে না।",
            ),
        },
    ),
    (
        "3.2",
        "freedom_of_association",
        SERIOUS,
        {
            "en": (
                "Freedom of association",
                "Workers may form and join a union and bargain together. Union representatives may meet workers.",
            ),
            "bn": (
                "সংগঠন করার স্বাধীনতা",
                "শ্রমিকরা ইউনিয়ন গঠন করতে, ইউনিয়নে যোগ দিতে এবং একসাথে দরকষাকষি করতে পারবেন। ইউনিয়নের প্রতিনিধিরা "
                "শ্রমিকদের সাথে দেখা করতে পারবেন।",
            ),
        },
    ),
    (
        "4.1",
        "sexual_harassment",
        ZT,
        {
            "en": (
                "No sexual violence or harassment",
                "Sexual violence, sexual harassment and threats are never tolerated. Complaints are investigated "
                "quickly and kept confidential.",
            ),
            "bn": (
                "যৌন সহিংসতা ও হয়রানি নয়",
                "যৌন সহিংসতা, যৌন হয়রানি বা হুমকি কখনো সহ্য করা হবে না। অভিযোগ গোপন রেখে দ্রুত তদন্ত করা হবে।",
            ),
        },
    ),
    (
        "5.1",
        "other",
        MINOR,
        {
            "en": (
                "Complaint number posted",
                "The complaint number is posted in Bengali on every floor, where workers can see it.",
            ),
            "bn": (
                "অভিযোগ জানানোর নম্বর টানানো",
                "প্রতিটি তলায় শ্রমিকরা দেখতে পান এমন জায়গায় বাংলায় অভিযোগ জানানোর নম্বর টানানো থাকবে।",
            ),
        },
    ),
]


def _texts(values: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {lang: {"title": title, "text": text} for lang, (title, text) in values.items()}


def _adopted_code(
    slug: str, title: str, provisions: list[tuple[str, str, str, dict[str, tuple[str, str]]]], drafter: str, admin: str
) -> CodeVersion:
    program = Program.objects.get(slug=slug)
    worker_org = actor_for_user(User.objects.get(username=drafter))
    adopter = actor_for_user(User.objects.get(username=admin))
    version = code_version_create(actor=worker_org, program=program, title=title)
    for ref, category, tier, texts in provisions:
        provision_add(actor=worker_org, version=version, ref=ref, category=category, tier=tier, texts=_texts(texts))
    code_version_propose(actor=worker_org, version=version, reason="Drafted with worker committees")
    code_version_approve(actor=worker_org, version=version, note="Approved by the worker assembly")
    # The demo programs ran before they came onto the platform: their first Code has been in force
    # for years, so audits and complaints from the past year cite it.
    in_force_since = clock.today() - dt.timedelta(days=3 * 365)
    return code_version_adopt(actor=adopter, version=version, effective_from=in_force_since, record_existing=True)


def build(password: str) -> None:
    """Adopted Codes for both demo programs, and a draft version 2 for Fair Harvest."""
    adopted = _adopted_code("fair-harvest", "Fair Harvest Code of Conduct", FAIR_HARVEST, "workerorg", "admin")
    worker_org = actor_for_user(User.objects.get(username="workerorg"))
    draft = code_version_create(actor=worker_org, program=adopted.program, based_on=adopted)
    heat: Any = draft.provisions.get(ref="2.2")
    provision_update(
        actor=worker_org,
        provision=heat,
        category=heat.category,
        tier=heat.tier,
        order=heat.order,
        texts=_texts(FAIR_HARVEST_HEAT_RULE),
    )
    _adopted_code("garment-safety", "Garment Safety Code", GARMENT_SAFETY, "gs-workerorg", "gs-admin")
