"""Fills locale/en/LC_MESSAGES/django.po from the table below (German source -> English).

Run by `make messages` after makemessages; msgids are German because German is
the portal's first language and works without any compiled catalogue.
"""

import re
import sys
from pathlib import Path

EN = {
    "Treffen": "Meetings",
    "Stand und Termine": "Status and dates",
    "Finanzen": "Finances",
    "Einsparung": "Savings",
    "Die THG-Einsparung wird aus Endenergie und dem Emissionsfaktor des Bezugsjahrs berechnet. "
    "Nur ohne passenden Faktor von Hand eintragen.": "Greenhouse-gas savings are computed from "
    "final energy and the emission factor of the reference year. Enter them by hand only where "
    "no factor fits.",
    "Protokoll": "Log",
    "Kommune": "Municipality",
    "Netzwerk": "Network",
    "Maßnahmen": "Measures",
    "Name": "Name",
    "Kurzname (URL)": "Short name (URL)",
    "Reihenfolge": "Order",
    "Energieträger": "Energy carrier",
    "Bezugsjahr": "Reference year",
    "kg CO₂e je kWh": "kg CO₂e per kWh",
    "Quelle": "Source",
    "Emissionsfaktor": "Emission factor",
    "Emissionsfaktoren": "Emission factors",
    "Für diesen Energieträger gibt es schon einen Faktor in diesem Jahr.": "This energy carrier "
    "already has a factor for this year.",
    "Ein Emissionsfaktor darf nicht negativ sein.": "An emission factor cannot be negative.",
    "Das Bezugsjahr muss zwischen 1990 und 2100 liegen.": "The reference year must lie between "
    "1990 and 2100.",
    "Bitte die Quelle des Faktors angeben.": "Please give the source of the factor.",
    "geplant": "planned",
    "in Umsetzung": "in progress",
    "abgeschlossen": "completed",
    "zurückgestellt": "postponed",
    "abgebrochen": "cancelled",
    "Teilnahme (Kommune im Netzwerk)": "Participation (municipality in network)",
    "Themenschwerpunkt": "Focus area",
    "Titel": "Title",
    "Beschreibung": "Description",
    "Status": "Status",
    "Verantwortlich": "Responsible",
    "geplanter Beginn": "planned start",
    "geplanter Abschluss": "planned completion",
    "tatsächlicher Beginn": "actual start",
    "tatsächlicher Abschluss": "actual completion",
    "Investition (EUR)": "Investment (EUR)",
    "Fördermittel (EUR)": "Subsidies (EUR)",
    "Endenergieeinsparung (kWh/a)": "Final-energy savings (kWh/a)",
    "THG-Einsparung von Hand eingetragen": "Greenhouse-gas savings entered by hand",
    "Nur wenn kein passender Emissionsfaktor vorliegt; dann mit Begründung.": "Only where no "
    "emission factor fits; then with a reason.",
    "Begründung der Handeingabe": "Reason for the manual value",
    "THG-Einsparung (t CO₂e/a)": "Greenhouse-gas savings (t CO₂e/a)",
    "verwendeter Emissionsfaktor": "emission factor used",
    "angelegt am": "created on",
    "geändert am": "changed on",
    "Maßnahme": "Measure",
    "Der Themenschwerpunkt gehört nicht zum Netzwerk „%(network)s“.": "The focus area does not "
    "belong to the network “%(network)s”.",
    "Der geplante Abschluss kann nicht vor dem geplanten Beginn liegen.": "The planned completion "
    "cannot lie before the planned start.",
    "Der Abschluss kann nicht vor dem Beginn liegen.": "The completion cannot lie before the "
    "start.",
    "Für eine abgeschlossene Maßnahme bitte das Abschlussdatum angeben.": "Please give the "
    "completion date of a completed measure.",
    "Die Investition": "The investment",
    "Die Fördermittel": "The subsidy",
    "Die Endenergieeinsparung": "The final-energy saving",
    "Die THG-Einsparung": "The greenhouse-gas saving",
    "%(label)s darf nicht negativ sein.": "%(label)s cannot be negative.",
    "Bitte die Investition angeben, wenn Fördermittel eingetragen sind.": "Please give the "
    "investment when subsidies are entered.",
    "Die Fördermittel dürfen die Investition nicht übersteigen.": "Subsidies cannot exceed the "
    "investment.",
    "Bitte den Energieträger der eingesparten Endenergie angeben.": "Please give the energy "
    "carrier of the final energy saved.",
    "Bitte die THG-Einsparung eintragen.": "Please enter the greenhouse-gas savings.",
    "Bitte begründen, warum die THG-Einsparung von Hand eingetragen wird.": "Please explain why "
    "the greenhouse-gas savings are entered by hand.",
    "Für %(carrier)s gibt es keinen Emissionsfaktor für %(year)s oder früher. Bitte die "
    "THG-Einsparung von Hand mit Begründung eintragen.": "%(carrier)s has no emission factor for "
    "%(year)s or earlier. Please enter the greenhouse-gas savings by hand with a reason.",
    "Angaben zur Person": "Personal details",
    "Berechtigungen": "Permissions",
    "Wichtige Daten": "Important dates",
    "Phase": "Phase",
    "Träger und Dienstleister": "Coordinator and service providers",
    "Förderung": "Funding",
    "Laufzeit und Themen": "Term and focus areas",
    "Ansprechperson": "Contact person",
    "Teilnehmende": "Participants",
    "Netzwerke": "Networks",
    "E-Mail-Adresse": "E-mail address",
    "Sprache": "Language",
    "Zugang zur Verwaltung": "Admin access",
    "Darf sich an der Verwaltungsoberfläche anmelden.": "May sign in to the admin site.",
    "aktiv": "active",
    "registriert am": "registered on",
    "Person": "Person",
    "Personen": "People",
    "Es gibt schon eine Person mit dieser E-Mail-Adresse.": "Somebody already has this e-mail "
    "address.",
    "Netzwerkträger": "Coordinator",
    "Dienstleister": "Service providers",
    "Fördermittelgeber": "Funder",
    "Sonstige": "Other",
    "Art": "Kind",
    "Website": "Website",
    "Organisation": "Organisation",
    "Organisationen": "Organisations",
    "Stadt": "Town",
    "Gemeinde": "Municipality",
    "Kreis": "District",
    "Amtlicher Gemeindeschlüssel (AGS)": "Official municipality key (AGS)",
    "8 Ziffern, z. B. 05774032 für Paderborn.": "8 digits, e.g. 05774032 for Paderborn.",
    "Bundesland": "Federal state",
    "Einwohnerzahl": "Population",
    "Kommunen": "Municipalities",
    "Der AGS muss mit der Kennziffer des Bundeslands beginnen (%(state)s: %(code)s).": "The AGS "
    "must begin with the code of the federal state (%(state)s: %(code)s).",
    "Themenschwerpunkte": "Focus areas",
    "Akquisephase": "Acquisition phase",
    "Netzwerkphase": "Network phase",
    "Abgeschlossen": "Completed",
    "Förderprogramm": "Funding programme",
    "Projektträger": "Funding agency",
    "Förderkennzeichen": "Funding code",
    "Z. B. 67K18876. Darf in der Akquisephase leer bleiben.": "E.g. 67K18876. May stay empty "
    "during the acquisition phase.",
    "Förderhinweis": "Funding notice",
    "Der vorgeschriebene Hinweis auf die Förderung, wie er veröffentlicht wird.": "The required "
    "funding notice, as published.",
    "Laufzeit von": "Term from",
    "Laufzeit bis": "Term until",
    "Vorgängernetzwerk": "Predecessor network",
    "öffentlich": "public",
    "Das Netzwerk erscheint mit seinen Eckdaten auf einer öffentlichen Seite.": "The network's "
    "key facts appear on a public page.",
    "Funktion der Ansprechperson": "Contact person's role",
    "E-Mail der Ansprechperson": "Contact person's e-mail",
    "Telefon der Ansprechperson": "Contact person's phone",
    "Das Ende der Laufzeit muss nach ihrem Beginn liegen.": "The end of the term must lie after "
    "its start.",
    "Ein Netzwerk kann nicht sein eigener Vorgänger sein.": "A network cannot be its own "
    "predecessor.",
    "Der Netzwerkträger muss eine Organisation der Art „Netzwerkträger“ sein.": "The coordinator "
    "must be an organisation of the kind “Coordinator”.",
    "Der Fördermittelgeber muss eine Organisation der Art „Fördermittelgeber“ sein.": "The funder "
    "must be an organisation of the kind “Funder”.",
    "beigetreten am": "joined on",
    "ausgeschieden am": "left on",
    "Einsparziel Endenergie (MWh/a)": "Final-energy savings target (MWh/a)",
    "Einsparziel Treibhausgase (t CO₂e/a)": "Greenhouse-gas savings target (t CO₂e/a)",
    "Teilnahme": "Participation",
    "Teilnahmen": "Participations",
    "Diese Kommune nimmt an dem Netzwerk bereits teil.": "This municipality already takes part "
    "in the network.",
    "Ein Einsparziel darf nicht negativ sein.": "A savings target cannot be negative.",
    "Das Ausscheiden kann nicht vor dem Beitritt liegen.": "Leaving cannot lie before joining.",
    "Das Datum muss in der Laufzeit des Netzwerks liegen (%(start)s – %(end)s).": "The date must "
    "lie within the network's term (%(start)s – %(end)s).",
    "Der Amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern, z. B. 05774032.": "The "
    "official municipality key (AGS) has exactly 8 digits, e.g. 05774032.",
    "Das Förderkennzeichen hat die Form zwei Ziffern, ein bis drei Großbuchstaben und vier bis "
    "sechs Ziffern, z. B. 67K18876.": "A funding code has two digits, one to three capital "
    "letters and four to six digits, e.g. 67K18876.",
    "Portal": "Portal",
    "Klimaschutz-Netzwerkportal – Verwaltung": "Climate network portal – administration",
    "Klimaschutz-Netzwerkportal": "Climate network portal",
    "Datenpflege": "Data maintenance",
    "Zum Inhalt springen": "Skip to content",
    "Hauptnavigation": "Main navigation",
    "Verwaltung": "Administration",
    "Klimaschutz-Netzwerkportal – die gemeinsame Arbeitsplattform kommunaler "
    "Klimaschutz-Netzwerke.": "Climate network portal – the shared workspace of municipal "
    "climate-protection networks.",
    "Klimaschutz-Netzwerke": "Climate-protection networks",
    "Kommunen arbeiten in geförderten Netzwerken gemeinsam an ihren Klimaschutzmaßnahmen. Hier "
    "finden Sie die Netzwerke mit Laufzeit, Förderkennzeichen und teilnehmenden Kommunen.": (
        "Municipalities work together on their climate-protection measures in funded networks. "
        "Here you find the networks with their term, funding code and participating "
        "municipalities."
    ),
    "Laufzeit": "Term",
    "noch nicht vergeben": "not yet assigned",
    "Teilnehmende Kommunen": "Participating municipalities",
    "%(counter)s Kommune anzeigen": ("Show %(counter)s municipality",
                                     "Show %(counter)s municipalities"),
    "Noch keine Netzwerke sichtbar.": "No networks to show yet.",
    "Zur Verwaltung": "To the administration",
    'Ihr Name': 'Your name',
    'Passwort': 'Password',
    'Passwort wiederholen': 'Repeat password',
    'Die beiden Passwörter stimmen nicht überein.': 'The two passwords do not match.',
    'Koordination': 'Coordination',
    'Klimaschutzmanagement': 'Climate management',
    'Rolle': 'Role',
    'Für die Koordination: der Netzwerkträger. Sonst optional die Firma.': 'For coordination: the coordinating organisation. Otherwise optionally the firm.',
    'Für Dienstleister und Fördermittelgeber.': 'For service providers and funders.',
    'Für das Klimaschutzmanagement.': 'For climate management.',
    'Für die Rolle „%(role)s“ bitte angeben.': 'Required for the role “%(role)s”.',
    'Passt nicht zur Rolle „%(role)s“; bitte leer lassen.': 'Does not fit the role “%(role)s”; please leave it empty.',
    'Koordinieren kann nur eine Organisation der Art „Netzwerkträger“.': 'Only an organisation of the kind “Coordinator” can coordinate.',
    'Mitgliedschaft': 'Membership',
    'Mitgliedschaften': 'Memberships',
    'Diese Person koordiniert diese Organisation schon.': 'This person already coordinates this organisation.',
    'Diese Person hat diese Rolle im Netzwerk schon.': 'This person already has this role in the network.',
    'Diese Person ist schon Klimaschutzmanager*in dieser Kommune.': 'This person is already climate manager of this municipality.',
    'offen': 'pending',
    'angenommen': 'accepted',
    'abgelaufen': 'expired',
    'widerrufen': 'revoked',
    'eingeladen von': 'invited by',
    'zuletzt versandt am': 'last sent on',
    'gültig bis': 'valid until',
    'angenommen am': 'accepted on',
    'angenommen von': 'accepted by',
    'widerrufen am': 'revoked on',
    'Einladung': 'Invitation',
    'Einladungen': 'Invitations',
    'Angenommene oder widerrufene Einladungen gehen nicht neu.': 'Accepted or revoked invitations cannot be sent again.',
    'Eine angenommene Einladung kann nicht widerrufen werden.': 'An accepted invitation cannot be revoked.',
    'Die Einladung an %(email)s ist verschickt.': 'The invitation to %(email)s has been sent.',
    'Die Rolle ist Ihrem Konto hinzugefügt. Bitte melden Sie sich an.': 'The role has been added to your account. Please sign in.',
    'Willkommen! Ihr Konto ist eingerichtet.': 'Welcome! Your account is set up.',
    'Ihre Angaben sind gespeichert.': 'Your details have been saved.',
    'Anmelden': 'Sign in',
    'Das Portal ist für eingeladene Personen. Wer noch kein Konto hat, erhält eine Einladung von der Netzwerkkoordination.': 'The portal is for invited people. Without an account, ask the network coordination for an invitation.',
    'Start': 'Start',
    'Konto': 'Account',
    'Abmelden': 'Sign out',
    'Guten Tag,': 'Hello,',
    '%(inviter)s lädt Sie als %(role)s (%(scope)s) in das Klimaschutz-Netzwerkportal ein.': '%(inviter)s invites you to the climate network portal as %(role)s (%(scope)s).',
    'Der folgende Link gilt %(days)s Tag und nur einmal:': ('The following link is valid for %(days)s day and only once:', 'The following link is valid for %(days)s days and only once:'),
    'Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.': 'If you did not expect this invitation, you can ignore this e-mail.',
    'Einladung ins Klimaschutz-Netzwerkportal (%(role)s)': 'Invitation to the climate network portal (%(role)s)',
    'Einladung annehmen': 'Accept invitation',
    'Sie sind als <strong>%(role)s</strong> (%(scope)s) in das Klimaschutz-Netzwerkportal eingeladen, mit der Adresse %(email)s.': 'You are invited to the climate network portal as <strong>%(role)s</strong> (%(scope)s), with the address %(email)s.',
    'Für diese Adresse gibt es schon ein Konto. Die neue Rolle wird ihm hinzugefügt; danach melden Sie sich wie gewohnt an.': 'This address already has an account. The new role is added to it; then sign in as usual.',
    'Rolle übernehmen': 'Take on the role',
    'Legen Sie Ihren Namen und ein Passwort fest. Ihre E-Mail-Adresse gilt damit als bestätigt.': 'Set your name and a password. This also confirms your e-mail address.',
    'Konto einrichten': 'Set up account',
    'Einladung nicht gültig': 'Invitation not valid',
    'Diese Einladung gilt nicht mehr': 'This invitation is no longer valid',
    'Der Link ist abgelaufen. Bitten Sie die Netzwerkkoordination, Ihnen die Einladung erneut zu senden.': 'The link has expired. Ask the network coordination to send the invitation again.',
    'Diese Einladung wurde schon angenommen. Melden Sie sich einfach an.': 'This invitation has already been accepted. Just sign in.',
    'Diese Einladung wurde zurückgezogen. Bei Fragen wenden Sie sich an die Netzwerkkoordination.': 'This invitation has been withdrawn. If in doubt, contact the network coordination.',
    'Der Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.': 'The link is not valid. Please check that you copied it completely from the e-mail.',
    'Zur Anmeldung': 'To sign-in',
    'Erneut senden': 'Send again',
    'Widerrufen': 'Revoke',
    'Personen kommen nur auf Einladung ins Portal. Der Link in der E-Mail gilt %(days)s Tag und nur einmal.': ('People join the portal by invitation only. The link in the e-mail is valid for %(days)s day and only once.', 'People join the portal by invitation only. The link in the e-mail is valid for %(days)s days and only once.'),
    'Neue Einladung': 'New invitation',
    'Einladen': 'Invite',
    'Verschickte Einladungen': 'Invitations sent',
    'Bereich': 'Scope',
    'Stand': 'State',
    'zuletzt versandt': 'last sent',
    'Aktionen': 'Actions',
    'Noch keine Einladungen.': 'No invitations yet.',
    'Ihr Konto': 'Your account',
    'Angaben': 'Details',
    'Speichern': 'Save',
    'Sicherheit': 'Security',
    'E-Mail-Adresse ändern': 'Change e-mail address',
    'Passwort ändern': 'Change password',
    'Zwei-Faktor-Authentifizierung': 'Two-factor authentication',
    'Angemeldete Geräte und Sitzungen': 'Signed-in devices and sessions',
    'Willkommen, %(name)s': 'Welcome, %(name)s',
    'Ihre Rollen': 'Your roles',
    'Sie verwalten das Portal als Administrator*in.': 'You administer the portal.',
    'Sie haben noch keine Rolle in einem Netzwerk.': 'You have no role in a network yet.',
    'Ihre Netzwerke': 'Your networks',
    'übernommen aus': 'carried over from',
    'Die unvollendete Maßnahme des Vorgängernetzwerks, aus der diese hervorging.': 'The unfinished measure of the predecessor network this one came from.',
    'Nur Kommunen des Vorgängernetzwerks können fortsetzen.': 'Only municipalities of the predecessor network can continue.',
    'Bitte mindestens eine Kommune auswählen.': 'Please choose at least one municipality.',
    'Eckdaten': 'Key facts',
    'Ergebnisse': 'Results',
    'Endenergie erreicht / Ziel': 'Final energy achieved / target',
    'THG erreicht / Ziel': 'Greenhouse gas achieved / target',
    'Erreicht: Summe der abgeschlossenen Maßnahmen. Ziel: Summe der Ziele der teilnehmenden Kommunen.': "Achieved: sum of completed measures. Target: sum of the participating municipalities' targets.",
    'beigetreten': 'joined',
    'ausgeschieden': 'left',
    'Ziel MWh/a': 'Target MWh/a',
    'erreicht MWh/a': 'achieved MWh/a',
    'Ziel t CO₂e/a': 'Target t CO₂e/a',
    'erreicht t CO₂e/a': 'achieved t CO₂e/a',
    'Noch keine teilnehmenden Kommunen.': 'No participating municipalities yet.',
    'Maßnahmen nach Status': 'Measures by status',
    'Anzahl': 'Number',
    'Investition €': 'Investment €',
    'Fördermittel €': 'Subsidies €',
    'Noch keine Maßnahmen.': 'No measures yet.',
    'Einsparungen nach Themenschwerpunkt': 'Savings by focus area',
    'MWh/a': 'MWh/a',
    't CO₂e/a': 't CO₂e/a',
    'Kommunales Klimaschutz-Netzwerk': 'Municipal climate-protection network',
    'Laufzeit: %(start)s bis %(end)s': 'Term: %(start)s to %(end)s',
    'Ergebnisse in Zahlen': 'Results in figures',
    'teilnehmende Kommunen': 'participating municipalities',
    'abgeschlossene Maßnahmen': 'completed measures',
    'MWh Endenergie pro Jahr eingespart': 'MWh of final energy saved per year',
    't CO₂e pro Jahr vermieden': 't CO₂e avoided per year',
    '%(coordinator)s ist Träger des Netzwerks und koordiniert die Treffen.': '%(coordinator)s runs the network and coordinates its meetings.',
    'Unterstützt durch': 'Supported by',
    'Ihre Ansprechperson': 'Your contact',
    '%(kind)s im %(network)s': '%(kind)s in %(network)s',
    'Ziele und Ergebnisse': 'Targets and results',
    'kWh/a': 'kWh/a',
    '%(municipality)s hat schon Maßnahmen in diesem Netzwerk. Bitte statt dessen ein Austrittsdatum eintragen.': '%(municipality)s already has measures in this network. Please enter a leaving date instead.',
    'Bitte eine Zahl eingeben, z. B. 1.234,5.': 'Please enter a number, e.g. 1,234.5.',
    '%(municipality)s nimmt jetzt am Netzwerk teil.': '%(municipality)s now takes part in the network.',
    'Die Angaben zu %(municipality)s sind gespeichert.': 'The details of %(municipality)s have been saved.',
    '%(municipality)s ist aus dem Netzwerk entfernt.': '%(municipality)s has been removed from the network.',
    'Abbrechen': 'Cancel',
    'Bearbeiten': 'Edit',
    'Entfernen': 'Remove',
    'Kommune hinzufügen': 'Add municipality',
    'Hinzufügen': 'Add',
    'Darf in der Akquisephase leer bleiben.': 'May stay empty during the acquisition phase.',
    'Fortsetzende Kommunen': 'Continuing municipalities',
    'Einsparziele übernehmen': 'Take over savings targets',
    'Das Nachfolgenetzwerk „%(name)s“ ist gegründet.': 'The successor network “%(name)s” has been founded.',
    'Nachfolgenetzwerk gründen': 'Found a successor network',
    'Nachfolgenetzwerk': 'Successor network',
    'Das neue Netzwerk übernimmt Träger, Dienstleister, Förderangaben und Themenschwerpunkte von %(name)s. Die unvollendeten Maßnahmen (geplant, in Umsetzung, zurückgestellt) der fortsetzenden Kommunen werden als neue Maßnahmen übernommen und mit ihren Vorgängern verknüpft; die bisherigen bleiben unverändert.': 'The new network takes over the coordinator, service providers, funding details and focus areas of %(name)s. The unfinished measures (planned, in progress, postponed) of the continuing municipalities are carried over as new measures linked to their originals; the originals stay unchanged.',
    'Gründen': 'Found',
    'Maßnahmen gelten als veraltet nach (Tagen)': 'Measures count as stale after (days)',
    'Nach so vielen Tagen ohne Änderung erscheint eine Maßnahme als veraltet.': 'After this many days without a change a measure shows as stale.',
    'Bitte mindestens einen Tag angeben.': 'Please give at least one day.',
    'Maßnahmen, die Aufmerksamkeit brauchen': 'Measures that need attention',
    'Lange nicht aktualisiert': 'Not updated for a long time',
    'zuletzt geändert %(date)s': 'last changed %(date)s',
    'Geplanter Beginn überschritten': 'Planned start passed',
    'geplant ab %(date)s': 'planned from %(date)s',
    '%(percent)s %% der Laufzeit vergangen': '%(percent)s %% of the term passed',
    'Einsparung gegenüber Ziel je Kommune': 'Savings against target per municipality',
    'Endenergie: Ziel und erreichte Einsparung je Kommune in MWh/a': 'Final energy: target and achieved savings per municipality in MWh/a',
    'Helle Balken zeigen das Ziel, dunkle die erreichte Einsparung. Die Zahlen stehen auch in der Tabelle der teilnehmenden Kommunen.': 'Light bars show the target, dark bars the achieved savings. The figures are also in the table of participating municipalities.',
    'Ziel': 'Target',
    'erreicht': 'achieved',
    'erreicht (abgeschlossene Maßnahmen)': 'achieved (completed measures)',
    'Maßnahmen je Themenschwerpunkt und Jahr': 'Measures per focus area and year',
    'Anzahl der Maßnahmen je Jahr, gestapelt nach Themenschwerpunkt': 'Number of measures per year, stacked by focus area',
    'Daten als Tabelle': 'Data as a table',
    'Jahr': 'Year',
    'Das Netzwerk wurde inzwischen geändert (%(when)s). Ihre Änderungen sind nicht gespeichert: bitte die Seite neu laden und erneut eintragen.': 'The network has been changed in the meantime (%(when)s). Your changes were not saved: please reload the page and enter them again.',
    'Das Netzwerk ist gespeichert.': 'The network has been saved.',
    'Netzwerk bearbeiten': 'Edit network',
    'Bild': 'Image',
    'JPEG, PNG oder WebP.': 'JPEG, PNG or WebP.',
    'Alternativtext': 'Text alternative',
    'Beschreibt das Bild für Menschen, die es nicht sehen können.': 'Describes the image for people who cannot see it.',
    'Bildunterschrift': 'Caption',
    'Foto': 'Photo',
    'Fotos': 'Photos',
    'Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.': 'The file is %(size)s; at most %(limit)s are allowed.',
    'Die Datei ist kein lesbares Bild. Erlaubt sind JPEG, PNG und WebP.': 'The file is not a readable image. JPEG, PNG and WebP are allowed.',
    'Bilder im Format %(format)s gehen nicht. Erlaubt sind JPEG, PNG und WebP.': 'Images in %(format)s format are not accepted. JPEG, PNG and WebP are allowed.',
    'Das Foto ist gespeichert.': 'The photo has been saved.',
    'Das Foto ist gelöscht.': 'The photo has been deleted.',
    'Fotos für die öffentliche Seite': 'Photos for the public page',
    'Foto löschen': 'Delete photo',
    'Foto hochladen': 'Upload photo',
    'Hochladen': 'Upload',
}  # fmt: skip


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(path: Path) -> list[str]:
    """Rewrite every msgstr from EN; return the msgids that have no translation."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = [blocks[0].replace("#, fuzzy\n", "")]  # the header is complete
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        keep = [line for line in lines if line.startswith("#") and "fuzzy" not in line]
        body = "\n".join(line for line in lines if not line.startswith("#"))
        fields = dict(re.findall(r'^(msgid|msgid_plural)\s+((?:".*"\n?)+)', body, re.M))
        if "msgid" not in fields:
            continue

        def join(raw):
            return "".join(re.findall(r'"(.*)"', raw)).replace('\\"', '"').replace("\\\\", "\\")

        msgid = join(fields["msgid"])
        english = EN.get(msgid)
        if english is None:
            missing.append(msgid)
            english = ""
        entry = keep + [f"msgid {quote(msgid)}"]
        if "msgid_plural" in fields:
            singular, plural = english if english else ("", "")
            entry += [
                f"msgid_plural {quote(join(fields['msgid_plural']))}",
                f"msgstr[0] {quote(singular)}",
                f"msgstr[1] {quote(plural)}",
            ]
        else:
            entry.append(f"msgstr {quote(english)}")
        out.append("\n".join(entry))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    missing = fill(Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po")
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
