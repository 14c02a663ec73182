"""One month's meeting, walked through a Python client generated from the committed spec
(openapi-python-client), twice: once with the operations a script had before (a participant at a
time, the reporter and the analysis in a later change, attendance unit by unit) and once with the
fewer calls the API offers now. Prints the calls each needed; fails on any unexpected answer.

Run by tests/spec/run.sh against a server it started (YANPAN_URL), with the users it made.
"""

import datetime
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "generated"))

from yanpan_client import AuthenticatedClient, Client  # noqa: E402
from yanpan_client.api.agenda import create_agenda_item, decide_escalation  # noqa: E402
from yanpan_client.api.auth import login  # noqa: E402
from yanpan_client.api.conclusions import adopt_conclusion, create_conclusion  # noqa: E402
from yanpan_client.api.meetings import (  # noqa: E402
    add_participant,
    create_meeting,
    get_meeting,
    list_meetings,
    list_participants,
    record_attendance,
    record_attendance_batch,
    transition_meeting,
    update_meeting,
)
from yanpan_client.api.submissions import create_submission, list_submissions  # noqa: E402
from yanpan_client.api.units import list_units  # noqa: E402
from yanpan_client.models import (  # noqa: E402
    AddParticipant,
    AgendaCategory,
    Attendance,
    AttendanceEntry,
    CreateAgendaItem,
    CreateConclusion,
    CreateMeeting,
    CreateSubmission,
    EscalationDecision,
    Evidence,
    Figure,
    LoginRequest,
    MeetingKind,
    MeetingStatus,
    NewRecommendation,
    ParticipantRole,
    Problem,
    RecordAttendance,
    RecordAttendanceBatch,
    TransitionRequest,
    UpdateMeeting,
)

BASE = os.environ["YANPAN_URL"]
PW = os.environ["SPEC_PASSWORD"]


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self, request):
        self.calls += 1


def ok(response, status=None):
    """The parsed answer of a successful call; fails the run on anything else."""
    if response.status_code >= 300 or isinstance(response.parsed, Problem):
        raise AssertionError(f"{response.status_code}: {response.content[:500]!r}")
    if status is not None:
        assert response.status_code == status, response.status_code
    return response.parsed


def sign_in(username, counter):
    anon = Client(base_url=BASE, httpx_args={"event_hooks": {"request": [counter]}})
    token = ok(login.sync_detailed(client=anon, body=LoginRequest(username=username, password=PW)))
    return AuthenticatedClient(
        base_url=BASE, token=token.access_token, httpx_args={"event_hooks": {"request": [counter]}}
    )


def unit_id(client, code):
    page = ok(list_units.sync_detailed(client=client, q=code, page_size=100))
    return next(u.id for u in page.items if u.code == code)


def etag(version):
    return f'"{version}"'


def month(period, before):
    """Walks one month; returns the number of calls."""
    n = Counter()
    convener = sign_in("spec-convener", n)
    analyst = sign_in("spec-analyst", n)
    reps = [sign_in("spec-qingbo", n), sign_in("spec-hubin", n)]
    # The script knows its units' codes; it looks their ids up once.
    party, qingbo, hubin = (unit_id(analyst, c) for c in ("party-office", "street-qingbo", "street-hubin"))
    streets = [qingbo, hubin]
    starts = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=20)
    ref = f"PA365-HY-{period}-{uuid.uuid4().hex[:6]}"
    body = CreateMeeting(
        kind=MeetingKind.REGULAR,
        title=f"{period} 平安365动态分析研判例会",
        period=period,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="区联动指挥中心三楼会议室",
        chair="区委副书记",
        platform_ref=ref,
    )
    if not before:
        body.invited_unit_ids = streets
        body.convening_unit_ids = [party]
        body.main_reporter = "联动中心主任"
        body.preliminary_analysis = "本月诉求总量平稳，夜间施工噪音投诉上升。"
    meeting = ok(create_meeting.sync_detailed(client=convener, body=body), 201).meeting
    mid = meeting.id
    if before:
        for u, role in [(party, ParticipantRole.CONVENING), (qingbo, ParticipantRole.INVITED), (hubin, ParticipantRole.INVITED)]:
            ok(add_participant.sync_detailed(mid, client=convener, body=AddParticipant(unit_id=u, role=role)), 201)
        current = ok(get_meeting.sync_detailed(mid, client=analyst)).meeting
        ok(
            update_meeting.sync_detailed(
                mid,
                client=analyst,
                if_match=etag(current.version),
                body=UpdateMeeting(main_reporter="联动中心主任", preliminary_analysis="本月诉求总量平稳，夜间施工噪音投诉上升。"),
            )
        )
    # The platform finds the meeting by its own reference.
    found = ok(list_meetings.sync_detailed(client=analyst, platform_ref=ref))
    assert [m.id for m in found.items] == [mid]

    items = {}
    for cat, title in [
        (AgendaCategory.REPEATED_DEMANDS, "夜间施工噪音重复投诉"),
        (AgendaCategory.POOR_DISPOSAL, "违章搭建处置不力"),
        (AgendaCategory.SATISFACTION, "满意度评价"),
    ]:
        item = CreateAgendaItem(
            category=cat,
            title=title,
            summary=f"{title}：本月情况",
            evidence=Evidence(figures=[Figure(label="本月件数", value=37.0, unit="件")], case_numbers=[f"LD-{period}-0001"]),
        )
        items[cat] = ok(create_agenda_item.sync_detailed(mid, client=analyst, body=item), 201)
    for rep in reps:
        ok(create_submission.sync_detailed(mid, client=rep, body=CreateSubmission(opinion="本街道本月研判意见")), 201)
    subs = ok(list_submissions.sync_detailed(mid, client=analyst))
    # Names come with the records: no lookups of units or people.
    assert {s.unit_name for s in subs.items} == {"清波街道", "湖滨街道"}, [s.unit_name for s in subs.items]
    assert all(s.submitted_by_name for s in subs.items)

    ok(transition_meeting.sync_detailed(mid, client=analyst, body=TransitionRequest(to=MeetingStatus.SCHEDULED)))
    ok(
        transition_meeting.sync_detailed(
            mid, client=convener, body=TransitionRequest(to=MeetingStatus.IN_PROGRESS, reason="领导日程调整，提前召开")
        )
    )
    if before:
        parts = ok(list_participants.sync_detailed(mid, client=analyst))
        for p in parts.items:
            ok(
                record_attendance.sync_detailed(
                    mid,
                    p.unit_id,
                    client=analyst,
                    if_match=etag(p.version),
                    body=RecordAttendance(attendance=Attendance.PRESENT, attendees=["张三"]),
                )
            )
    else:
        entries = [AttendanceEntry(unit_id=u, attendance=Attendance.PRESENT, attendees=["张三"]) for u in [party, *streets]]
        ok(record_attendance_batch.sync_detailed(mid, client=analyst, body=RecordAttendanceBatch(entries=entries)))
    ok(
        decide_escalation.sync_detailed(
            items[AgendaCategory.POOR_DISPOSAL].id,
            client=convener,
            body=EscalationDecision(escalate=False, reason="已限期整改到位"),
        )
    )
    current = ok(get_meeting.sync_detailed(mid, client=analyst)).meeting
    ok(update_meeting.sync_detailed(mid, client=analyst, if_match=etag(current.version), body=UpdateMeeting(minutes="会议记录：各单位汇报。")))
    con = ok(
        create_conclusion.sync_detailed(
            mid,
            client=analyst,
            body=CreateConclusion(
                text="由清波街道牵头整治夜间施工噪音",
                recommendations=[
                    NewRecommendation(
                        measure="建立夜间施工联合巡查机制",
                        responsible_unit_id=qingbo,
                        deadline=datetime.date.today() + datetime.timedelta(days=60),
                    )
                ],
            ),
        ),
        201,
    )
    adopted = ok(adopt_conclusion.sync_detailed(con.id, client=convener))
    assert adopted.adopted_by_name, "the adopter is named"
    assert adopted.recommendations[0].responsible_unit_name == "清波街道"
    done = ok(transition_meeting.sync_detailed(mid, client=convener, body=TransitionRequest(to=MeetingStatus.CONCLUDED)))
    assert done.status == MeetingStatus.CONCLUDED
    return n.calls


def main():
    before = month("2031-01", before=True)
    after = month("2031-02", before=False)
    print(f"one month through the generated client: {before} calls the old way, {after} now")
    assert after < before


if __name__ == "__main__":
    main()
