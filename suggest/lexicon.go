package suggest

import "strings"

// The lexicon: what the matcher knows of English and of the people a
// workshop names. It is general (roles in a technology organisation,
// kinds of customers of public and commercial services), never tuned to
// one workshop's phrases.

// abbreviations maps a typed abbreviation or short form to the words it
// stands for. A trailing "s" is handled by expand ("SREs", "PMs", "DBAs").
var abbreviations = map[string]string{
	"sre": "site reliability engineer", "po": "product owner", "pm": "product manager",
	"tpm": "technical program manager", "dba": "database administrator", "qa": "quality assurance",
	"qe": "quality engineer", "sdet": "test engineer", "exec": "executive", "execs": "executives",
	"dev": "developer", "devs": "developers", "ops": "operations", "hr": "human resources",
	"ml": "machine learning", "ai": "artificial intelligence", "infosec": "information security",
	"finops": "finance operations", "secops": "security operations", "appsec": "application security",
	"cybersec": "cyber security", "mlops": "machine learning operations", "sysadmin": "system administrator",
	"admin": "administrator", "admins": "administrators", "eng": "engineering", "engs": "engineers",
	"mgr": "manager", "mgmt": "management", "ux": "user experience", "ui": "user interface",
	"cto": "chief technology officer", "ceo": "chief executive officer", "cfo": "chief financial officer",
	"cio": "chief information officer", "coo": "chief operating officer", "ciso": "chief information security officer",
	"cmo": "chief marketing officer", "cpo": "chief product officer", "vp": "vice president",
	"svp": "senior vice president", "evp": "executive vice president", "csuite": "chief executives",
	"csm": "customer success manager", "sdr": "sales development representative",
	"bdr": "business development representative", "ae": "account executive", "am": "account manager",
	"ba": "business analyst", "bi": "business intelligence", "smb": "small business",
	"sme": "small business", "smes": "small businesses", "ngo": "nonprofit", "npo": "nonprofit",
	"gov": "government", "govt": "government", "uni": "university", "grad": "graduate",
	"grads": "graduates", "undergrad": "undergraduate", "undergrads": "undergraduates",
	"phd": "doctoral student", "esl": "english learner", "gp": "doctor", "gps": "doctors",
	"infra": "infrastructure", "k8s": "kubernetes", "biz": "business", "mgrs": "managers",
	"sec": "security", "dept": "department", "depts": "departments", "org": "organization",
	"orgs": "organizations", "eng'g": "engineering", "swe": "software engineer",
	"swes": "software engineers", "sw": "software", "em": "engineering manager",
	"infotech": "information technology", "frontend": "frontend", "backend": "backend",
	"oncall": "oncall", "b2b": "business customer", "b2c": "consumer", "devrel": "developer relations",
	"pr": "public relations", "r&d": "research",
}

// displayForms is how names write the acronyms and brands a note may
// type in lower case.
var displayForms = map[string]string{
	"sre": "SRE", "po": "PO", "pm": "PM", "tpm": "TPM", "dba": "DBA", "qa": "QA", "qe": "QE",
	"sdet": "SDET", "hr": "HR", "ml": "ML", "ai": "AI", "ux": "UX", "ui": "UI", "cto": "CTO",
	"ceo": "CEO", "cfo": "CFO", "cio": "CIO", "coo": "COO", "ciso": "CISO", "cmo": "CMO",
	"cpo": "CPO", "vp": "VP", "svp": "SVP", "evp": "EVP", "csm": "CSM", "sdr": "SDR", "bdr": "BDR",
	"bi": "BI", "smb": "SMB", "sme": "SME", "ngo": "NGO", "npo": "NPO", "esl": "ESL", "gp": "GP",
	"swe": "SWE", "it": "IT", "api": "API", "b2b": "B2B", "b2c": "B2C", "nhs": "NHS", "oap": "OAP",
	"infosec": "InfoSec", "finops": "FinOps", "devops": "DevOps", "secops": "SecOps",
	"mlops": "MLOps", "appsec": "AppSec", "devrel": "DevRel", "phd": "PhD", "ios": "iOS",
	"iphone": "iPhone", "ipad": "iPad", "k8s": "K8s",
}

// spellings maps British spellings (and a few variants) that no rule
// covers to the American ones.
var spellings = map[string]string{
	"programme": "program", "programmes": "programs", "catalogue": "catalog", "catalogues": "catalogs",
	"colour": "color", "colours": "colors", "behaviour": "behavior", "behaviours": "behaviors",
	"labour": "labor", "neighbour": "neighbor", "neighbours": "neighbors", "favourite": "favorite",
	"honour": "honor", "humour": "humor", "centre": "center", "centres": "centers", "theatre": "theater",
	"theatres": "theaters", "metre": "meter", "litre": "liter", "fibre": "fiber", "licence": "license",
	"licences": "licenses", "defence": "defense", "offence": "offense", "travelling": "traveling",
	"traveller": "traveler", "travellers": "travelers", "modelling": "modeling", "labelling": "labeling",
	"cancelled": "canceled", "counsellor": "counselor", "counsellors": "counselors", "ageing": "aging",
	"paediatric": "pediatric", "paediatrician": "pediatrician", "anaesthetist": "anesthetist",
	"orthopaedic": "orthopedic", "enquiry": "inquiry", "enquiries": "inquiries", "cheque": "check",
	"maths": "math", "mum": "mom", "mums": "moms", "mummy": "mom", "grey": "gray", "tyre": "tire",
	"jewellery": "jewelry", "storey": "story", "practise": "practice", "aluminium": "aluminum",
	"postcode": "zipcode", "carer": "caregiver", "carers": "caregivers",
	"learnt": "learned", "draught": "draft", "manoeuvre": "maneuver", "oestrogen": "estrogen",
	"programmer": "programmer", "programming": "programming", "onboard": "onboard",
	"e-mail": "email", "ebook": "ebook", "ebooks": "ebooks", "webapp": "web app",
}

// notIse lists words ending in -ise that are not the British -ize.
var notIse = map[string]struct{}{
	"enterprise": {}, "enterprises": {}, "exercise": {}, "exercises": {}, "expertise": {},
	"promise": {}, "promises": {}, "surprise": {}, "advertise": {}, "advertised": {},
	"advertiser": {}, "advertisers": {}, "advertising": {}, "merchandise": {}, "franchise": {},
	"franchises": {}, "franchisee": {}, "franchisees": {}, "comprise": {}, "premise": {},
	"premises": {}, "supervise": {}, "supervisor": {}, "supervisors": {}, "supervising": {},
	"compromise": {}, "improvise": {}, "televised": {}, "revise": {}, "devise": {}, "precise": {},
	"concise": {}, "otherwise": {}, "wise": {}, "noise": {}, "raise": {}, "praise": {}, "cruise": {},
	"cruises": {}, "disguise": {}, "treatise": {}, "chastise": {}, "demise": {},
}

// stopWords carry no meaning for grouping.
var stopWords = set(`a an the and or nor but of for to in on at with by from into onto via per
	vs versus as like than about across over under after before during while through within
	without around near among between against toward towards upon who whom whose that which
	what when where why how whether if because since until so our ours us we their theirs they
	them my mine your yours its it this these those all any some each every other others
	such etc eg ie also just very more most less least much many few lot lots kind kinds type
	types sort sorts be is are was were been being am have has had do does did doing done not
	no can could will would should may might must shall need needs want wants get gets got
	use uses using used make makes making one ones both either neither there here own else
	still even only really mostly mainly especially including include includes e g i`)

// cutWords end the head phrase: "Engineers on the product squads".
var cutWords = set(`of for to in on at with by from into onto via per vs versus as like than
	about across over under after before during while through within without around near
	among between against toward towards upon who whom whose that which what when where
	whether if because since until using needing wanting trying looking`)

// ingNouns are -ing words that name a field or a kind rather than open a
// clause ("Machine learning team", "Marketing team", "Working parents").
var ingNouns = set(`engineering marketing learning accounting training building housing nursing
	banking publishing manufacturing testing pricing billing hiring consulting funding planning
	operating computing programming onboarding existing incoming outgoing visiting working aging
	ageing reading shopping teaching lending booking ticketing retailing engineering catering
	gaming mining farming networking recruiting staffing reporting logging monitoring hosting
	sourcing purchasing fundraising offboarding coaching mentoring tutoring counseling caregiving
	nursing parenting homeschooling servicing merchandising advertising branding trading
	investing lending insuring clearing processing printing packaging shipping wholesaling
	leading managing`)

// irregular plurals and forms the rules do not reach.
var irregular = map[string]string{
	"children": "child", "people": "person", "persons": "person", "women": "woman", "men": "man",
	"staff": "staff", "data": "data", "media": "media", "alumni": "alumnus", "news": "news",
	"series": "series", "analysis": "analysis", "analyses": "analysis", "bus": "bus", "gas": "gas",
	"business": "business", "businesses": "business", "ios": "ios", "kubernetes": "kubernetes",
	"sales": "sales", "operations": "operation", "ops": "operation", "operation": "operation",
	"operator": "operation", "operators": "operation", "scientist": "scienc", "scientists": "scienc",
	"science": "scienc", "sciences": "scienc", "scientific": "scienc", "analytics": "analyt",
	"analyst": "analyt", "analysts": "analyt", "analytical": "analyt", "guardian": "guardian",
	"guardians": "guardian", "seniors": "elderly", "species": "species",
	"employee": "employee", "employees": "employee", "trainee": "trainee", "trainees": "trainee",
	"retiree": "retiree", "retirees": "retiree", "refugee": "refugee", "refugees": "refugee",
	"attendee": "attendee", "attendees": "attendee", "employer": "employer", "employers": "employer",
	"user": "user", "users": "user", "union": "union", "unions": "union",
}

// aliases make different words one feature: spellings and synonyms so
// close that a workshop would never keep them apart.
var aliases = map[string]string{
	"squad": "team", "crew": "team", "tribe": "team", "programmer": "developer", "coder": "developer",
	"pupil": "student", "kid": "child", "youngster": "child", "joiner": "newhire", "starter": "newhire",
	"jobseeker": "jobseek", "funder": "fund", "donor": "donat", "donation": "donat",
	"elderly": "elderly", "pensioner": "retiree", "retired": "retiree", "retire": "retiree",
	"oncall": "oncall", "frontend": "frontend", "backend": "backend", "fullstack": "fullstack",
	"mom": "mother", "dad": "father", "client": "customer", "patron": "patron",
	"dev": "developer", "devops": "devop", "folk": "person", "guy": "person", "individual": "person",
	"colleague": "employee", "personnel": "staff", "workforce": "staff", "caregiver": "caregiver",
	"carer": "caregiver", "caretaker": "caregiver", "physician": "doctor", "clinician": "doctor",
	"app": "app", "application": "app", "startup": "startup", "start-up": "startup",
	"executive": "executive", "exec": "executive", "firm": "company", "corporation": "company",
	"enterprise": "enterprise", "academic": "academic", "lecturer": "lecturer",
}

// generic words name people or groups in general. Alone they must not
// merge unrelated notes ("Mobile team" and "Security team"), so they
// weigh less than the words that say who.
var generic = map[string]float64{
	"team": 0.15, "group": 0.3, "person": 0.2, "staff": 0.35, "user": 0.3, "customer": 0.3,
	"member": 0.3, "engineer": 0.35, "developer": 0.35, "employee": 0.3, "worker": 0.35,
	"department": 0.3, "unit": 0.3, "organization": 0.3, "company": 0.35, "everyone": 0.2,
	"anyone": 0.2, "manager": 0.6, "new": 0.35, "old": 0.6, "young": 0.6, "local": 0.5,
	"small": 0.5, "large": 0.5, "big": 0.5, "internal": 0.5, "external": 0.5, "existing": 0.4,
	"current": 0.4, "potential": 0.4, "future": 0.4, "general": 0.4, "other": 0.3, "main": 0.4,
	"senior": 0.5, "junior": 0.5, "lead": 0.55, "head": 0.5, "role": 0.3, "side": 0.3,
	"work": 0.6, "app": 0.6, "product": 0.75, "service": 0.5, "system": 0.5, "time": 0.4,
	"first": 0.4, "day": 0.4, "week": 0.4, "month": 0.4, "year": 0.4, "specialist": 0.5,
	"professional": 0.4, "expert": 0.5, "owner": 0.6, "administrator": 0.6, "officer": 0.6,
	"representative": 0.5, "agent": 0.5, "office": 0.5, "public": 0.5, "world": 0.4,
	"help": 0.4, "need": 0.3, "thing": 0.3, "stuff": 0.3, "way": 0.3, "area": 0.4,
}

// concepts group words and phrases that name the same people (or, with a
// lower weight, closely related people). Phrases are written plainly and
// normalised like notes are; a note gets each concept it mentions as an
// extra feature.
var concepts = []struct {
	name    string
	weight  float64
	phrases string
}{
	// Technology organisations.
	{"exec", 1, "executive, leadership, leadership team, senior leadership, senior management, top management, chief, c suite, c level, chief executive officer, chief technology officer, chief financial officer, chief information officer, chief operating officer, chief marketing officer, chief product officer, chief information security officer, vice president, director, board, board member, management team"},
	{"startup", 1, "startup, start up, founder, cofounder, co founder, early stage, entrepreneur, new company, new business"},
	{"sre", 1, "site reliability, site reliability engineer, oncall, on call, pager, incident responder, incident response, production support"},
	{"sre", 0.5, "operations, devops, infrastructure, platform team, system administrator"},
	{"ops", 1, "operations, devops, infrastructure, system administrator, platform team, platform engineer, cloud team, cloud engineer, it operations"},
	{"ops", 0.5, "site reliability, oncall"},
	{"ml", 1, "machine learning, artificial intelligence, ml engineer, data scientist, data science, model training, deep learning"},
	{"analytics", 1, "analytics, analyst, data analyst, business intelligence, reporting, data analytics"},
	{"dataeng", 1, "data engineer, data engineering, data platform, data pipeline, etl"},
	{"security", 1, "security, information security, cyber security, cybersecurity, security operations, application security, penetration tester, pentester, pen tester, pentest, pen test, penetration test, red team, blue team, soc analyst, chief information security officer"},
	{"security", 0.5, "audit, auditor, compliance"},
	{"compliance", 1, "compliance, audit, auditor, regulator, regulatory, governance, risk, risk management, legal, lawyer, data protection, privacy, gdpr, grc"},
	{"finance", 1, "finance, financial, finance operations, accounting, accountant, controller, chief financial officer, budget, budget holder, cost, costs, spend, billing, bill, invoice, invoicing, procurement, purchasing, payroll, treasury, bookkeeper, bookkeeping"},
	{"hr", 1, "human resources, people operations, people ops, people team, people partner, hr business partner"},
	{"hr", 0.5, "recruiter, recruiting, recruitment, talent acquisition, payroll"},
	{"recruiting", 1, "recruiter, recruiting, recruitment, talent, talent acquisition, talent team, hiring manager, headhunter, sourcer, hiring team"},
	{"newhire", 1, "new hire, hire, new joiner, joiner, new starter, starter, onboarding, onboard, trainee, apprentice, intern, internship, new employee, new recruit, recruit, graduate hire, newly hired"},
	{"newhire", 0.5, "graduate, junior"},
	{"qa", 1, "quality assurance, quality engineer, quality, tester, test, testing, test engineer, test automation"},
	{"mobile", 1, "mobile, ios, android, iphone, mobile app, mobile developer, tablet"},
	{"web", 0.5, "user interface"},
	{"web", 1, "web, frontend, front end, browser, web app, website, web developer"},
	{"productdev", 1, "product engineer, product engineering, product developer, product team, feature team, feature developer, product squad, stream aligned team"},
	{"productdev", 0.5, "frontend, backend, fullstack, full stack, application developer, app developer, software engineer, software developer"},
	{"pm", 1, "product manager, product owner, product management, product lead, head of product, chief product officer"},
	{"design", 1, "designer, design, user experience, ux researcher, product designer, interaction designer"},
	{"dba", 1, "database, database administrator, database engineer, dba"},
	{"support", 1, "support, customer support, customer service, help desk, helpdesk, service desk, call center, support agent, contact center"},
	{"sales", 1, "sales, salesperson, seller, account executive, account manager, business development, sales development representative, business development representative, sales rep"},
	{"marketing", 1, "marketing, marketer, growth, brand, communications, public relations, advertising"},
	{"it", 1, "information technology, tech support, desktop support"},
	{"architect", 1, "architect, architecture, solution architect, enterprise architect"},
	{"emgr", 1, "engineering manager, engineering lead, tech lead, team lead, development manager, head of engineering"},
	{"devex", 1, "developer experience, developer relations, developer advocate, platform user, internal developer"},

	// Customers of services.
	{"elderly", 1, "elderly, senior citizen, retiree, retired, pensioner, older person, older people, older adult, older reader, aged, oap, old age, grandparent, later life"},
	{"elderly", 1, "older customer, older user, older resident, older patient, older member, older citizen, older adult, older person, older people, older reader, older generation"},
	{"elderly", 0.6, "old, older"},
	{"family", 1, "family, parent, mother, father, guardian, caregiver, stay at home parent, household, grandparent"},
	{"family", 0.5, "child, baby, toddler, infant, young child, young children"},
	{"child", 1, "child, baby, toddler, infant, preschooler, young child, young reader, children"},
	{"teen", 1, "teen, teenager, adolescent, young adult, youth, young person, young people, high school student, secondary school"},
	{"student", 1, "student, learner, undergraduate, postgraduate, doctoral student, university student, college student, schoolchild, school child"},
	{"teacher", 1, "teacher, educator, tutor, lecturer, professor, instructor, faculty, teaching staff, school staff"},
	{"jobseek", 1, "job seeker, jobseek, unemployed, unemployment, looking for work, look for work, looking for job, out of work, job hunter, job hunting, jobless, job applicant, career changer, seeking work, seeking employment"},
	{"immigrant", 1, "immigrant, immigration, migrant, refugee, asylum seeker, new arrival, newly arrived, expat, expatriate, english learner, language learner, learning english, non native speaker, newcomer, new to the country, new in the country, foreigner"},
	{"researcher", 1, "researcher, research, academic, scholar, historian, genealogist, genealogy, archivist"},
	{"bookclub", 1, "book club, reading group, reading circle, book group, reading club, literary society"},
	{"government", 1, "government, council, city council, municipality, city hall, local authority, public sector, ministry, state agency, federal agency"},
	{"politician", 1, "politician, councillor, councilor, elected member, elected official, elected representative, mayor, alderman, member of parliament, senator, policymaker, policy maker"},
	{"funder", 1, "funder, fund, funding, donor, donat, sponsor, investor, philanthropist, grant maker, grantmaker, foundation, benefactor, patron of the arts"},
	{"disabled", 1, "disabled, disability, special needs, special educational needs, wheelchair user, accessibility, blind, visually impaired, deaf, hard of hearing, screen reader user, impaired, special needs"},
	{"patient", 1, "patient, outpatient, inpatient"},
	{"vulnerable", 1, "vulnerable, vulnerability, financial difficulty, financial hardship, hardship, in debt, debt, low income, poverty, struggling to pay, cost of living"},
	{"saver", 1, "saver, saving, savings, savings account, rainy day fund"},
	{"doctor", 1, "doctor, physician, general practitioner, family doctor, family physician, medic"},
	{"clinician", 0.5, "doctor, nurse, clinician, physician, general practitioner, surgeon, midwife, medical staff, clinical staff"},
	{"nurse", 1, "nurse, nursing, nursing staff, midwife"},
	{"pharmacist", 1, "pharmacist, pharmacy, chemist"},
	{"caregiver", 1, "caregiver, carer, caretaker, care worker, home help"},
	{"smallbiz", 1, "small business, small businesses, small company, local business, shop owner, store owner, business owner, shopkeeper, sole trader, freelancer, self employed, small and medium, small medium enterprise, independent shop"},
	{"enterprise", 1, "enterprise, large company, corporate, corporation, large organization, big company, multinational"},
	{"retailer", 1, "retailer, merchant, seller, vendor, supplier, reseller, wholesaler, shop, store"},
	{"shopper", 1, "shopper, buyer, consumer, purchaser, end customer"},
	{"volunteer", 1, "volunteer, volunteering, helper"},
	{"partner", 1, "partner, reseller, channel partner, integrator, system integrator, integration partner, technology partner"},
	{"contractor", 1, "contractor, consultant, freelancer, freelance, temp, temporary worker, temporary staff, agency worker, agency staff, outsourced, outsourcing, offshore, vendor, supplier, third party"},
	{"tourist", 1, "tourist, visitor, traveler, holidaymaker, sightseer"},
	{"commuter", 1, "commuter, passenger, rider, traveler"},
	{"driver", 1, "driver, motorist, car owner"},
	{"cyclist", 1, "cyclist, bike rider, biker"},
	{"landlord", 1, "landlord, property owner, property manager, letting agent"},
	{"tenant", 1, "tenant, renter, lodger"},
	{"resident", 1, "resident, citizen, inhabitant, local people, local residents, people who live locally"},
	{"homeless", 1, "homeless, rough sleeper, unhoused"},
	{"farmer", 1, "farmer, grower, producer, rancher"},
	{"staff", 0.35, "staff, employee, personnel, workforce, colleague, worker, team member"},
}

func set(s string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, f := range strings.Fields(s) {
		m[f] = struct{}{}
	}
	return m
}
