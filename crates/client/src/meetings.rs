//! `Client` methods of the meeting workflow: each sends the operation of the same name in `ops`.

use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_types::*;

use crate::{Client, ClientError, ClientResult, PostOptions, Tagged, ops};

impl Client {
    // --- meetings -----------------------------------------------------------------------------

    pub async fn meetings(
        &self,
        q: &MeetingQuery,
        page: PageParams,
    ) -> ClientResult<Page<MeetingSummary>> {
        self.run(ops::list_meetings(q, page)).await
    }

    pub async fn create_meeting(
        &self,
        body: &CreateMeeting,
    ) -> ClientResult<Tagged<MeetingDetail>> {
        self.run(ops::create_meeting(body)).await
    }

    pub async fn create_meeting_with(
        &self,
        body: &CreateMeeting,
        opts: &PostOptions,
    ) -> ClientResult<Tagged<MeetingDetail>> {
        self.run(ops::create_meeting(body).with(opts)).await
    }

    pub async fn meeting(&self, id: Uuid) -> ClientResult<Tagged<MeetingDetail>> {
        self.run(ops::get_meeting(id)).await
    }

    pub async fn update_meeting(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateMeeting,
    ) -> ClientResult<Tagged<Meeting>> {
        self.run(ops::update_meeting(id, etag, body)).await
    }

    pub async fn transition(
        &self,
        id: Uuid,
        to: MeetingStatus,
        reason: Option<&str>,
    ) -> ClientResult<Tagged<Meeting>> {
        self.run(ops::transition_meeting(id, to, reason)).await
    }

    pub async fn readiness(&self, id: Uuid) -> ClientResult<Readiness> {
        self.run(ops::get_readiness(id)).await
    }

    pub async fn participants(&self, id: Uuid) -> ClientResult<Vec<Participant>> {
        self.run(ops::list_participants(id)).await
    }

    pub async fn add_participant(
        &self,
        id: Uuid,
        body: &AddParticipant,
    ) -> ClientResult<Tagged<Participant>> {
        self.run(ops::add_participant(id, body)).await
    }

    pub async fn remove_participant(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
    ) -> ClientResult<()> {
        self.run(ops::remove_participant(id, unit_id, etag)).await
    }

    pub async fn record_attendance(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
        body: &RecordAttendance,
    ) -> ClientResult<Tagged<Participant>> {
        self.run(ops::record_attendance(id, unit_id, etag, body))
            .await
    }

    pub async fn record_attendance_batch(
        &self,
        id: Uuid,
        body: &RecordAttendanceBatch,
    ) -> ClientResult<Vec<Participant>> {
        self.run(ops::record_attendance_batch(id, body)).await
    }

    pub async fn cadence(&self, year: i32) -> ClientResult<Cadence> {
        self.run(ops::get_cadence(year)).await
    }

    // --- agenda -------------------------------------------------------------------------------

    pub async fn agenda(&self, meeting_id: Uuid) -> ClientResult<Vec<AgendaItem>> {
        self.run(ops::list_agenda(meeting_id)).await
    }

    pub async fn create_agenda_item(
        &self,
        meeting_id: Uuid,
        body: &CreateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.run(ops::create_agenda_item(meeting_id, body)).await
    }

    pub async fn reorder_agenda(
        &self,
        meeting_id: Uuid,
        item_ids: Vec<Uuid>,
    ) -> ClientResult<Vec<AgendaItem>> {
        self.run(ops::reorder_agenda(meeting_id, item_ids)).await
    }

    pub async fn agenda_item(&self, id: Uuid) -> ClientResult<Tagged<AgendaItem>> {
        self.run(ops::get_agenda_item(id)).await
    }

    pub async fn update_agenda_item(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.run(ops::update_agenda_item(id, etag, body)).await
    }

    pub async fn delete_agenda_item(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_agenda_item(id, etag)).await
    }

    pub async fn decide_escalation(
        &self,
        item_id: Uuid,
        escalate: bool,
        reason: &str,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.run(ops::decide_escalation(item_id, escalate, reason))
            .await
    }

    // --- submissions and files ----------------------------------------------------------------

    pub async fn submissions(&self, meeting_id: Uuid) -> ClientResult<Vec<Submission>> {
        self.run(ops::list_submissions(meeting_id)).await
    }

    pub async fn submit(
        &self,
        meeting_id: Uuid,
        body: &CreateSubmission,
    ) -> ClientResult<Submission> {
        self.run(ops::create_submission(meeting_id, body)).await
    }

    pub async fn submission(&self, id: Uuid) -> ClientResult<Submission> {
        self.run(ops::get_submission(id)).await
    }

    pub async fn submission_tracker(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<Vec<SubmissionTrackerRow>> {
        self.run(ops::submission_tracker(meeting_id)).await
    }

    /// Uploads a file as multipart/form-data.
    pub async fn upload(
        &self,
        meeting_id: Uuid,
        filename: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> ClientResult<Attachment> {
        self.run(ops::upload_attachment(
            meeting_id,
            filename,
            content_type,
            data,
        ))
        .await
    }

    pub async fn attachment(&self, id: Uuid) -> ClientResult<Attachment> {
        self.run(ops::get_attachment(id)).await
    }

    /// The file's bytes and content type.
    pub async fn download(&self, id: Uuid) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::download_attachment(id)).await
    }

    // --- conclusions --------------------------------------------------------------------------

    pub async fn conclusions(&self, meeting_id: Uuid) -> ClientResult<Vec<Conclusion>> {
        self.run(ops::list_conclusions(meeting_id)).await
    }

    pub async fn create_conclusion(
        &self,
        meeting_id: Uuid,
        body: &CreateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.run(ops::create_conclusion(meeting_id, body)).await
    }

    pub async fn conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.run(ops::get_conclusion(id)).await
    }

    pub async fn update_conclusion(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.run(ops::update_conclusion(id, etag, body)).await
    }

    pub async fn delete_conclusion(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_conclusion(id, etag)).await
    }

    pub async fn adopt_conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.run(ops::adopt_conclusion(id)).await
    }

    // --- escalations --------------------------------------------------------------------------

    pub async fn escalations(
        &self,
        q: &EscalationQuery,
        page: PageParams,
    ) -> ClientResult<Page<Escalation>> {
        self.run(ops::list_escalations(q, page)).await
    }

    pub async fn escalation(&self, id: Uuid) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::get_escalation(id)).await
    }

    pub async fn create_escalation(
        &self,
        body: &CreateEscalation,
    ) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::create_escalation(body)).await
    }

    pub async fn review_escalation(
        &self,
        id: Uuid,
        accept: bool,
        note: &str,
    ) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::review_escalation(id, accept, note)).await
    }

    pub async fn schedule_escalation(
        &self,
        id: Uuid,
        level1_meeting_id: Uuid,
    ) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::schedule_escalation(id, level1_meeting_id))
            .await
    }

    pub async fn resolve_escalation(
        &self,
        id: Uuid,
        outcome: &str,
    ) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::resolve_escalation(id, outcome)).await
    }

    pub async fn resolve_escalation_with(
        &self,
        id: Uuid,
        body: &ResolveEscalation,
    ) -> ClientResult<Tagged<Escalation>> {
        self.run(ops::resolve_escalation_with(id, body)).await
    }

    // --- calendar and search ------------------------------------------------------------------

    pub async fn calendar_days(&self, year: Option<i32>) -> ClientResult<Vec<CalendarDay>> {
        self.run(ops::list_calendar_days(year)).await
    }

    pub async fn create_calendar_day(
        &self,
        body: &CreateCalendarDay,
    ) -> ClientResult<Tagged<CalendarDay>> {
        self.run(ops::create_calendar_day(body)).await
    }

    pub async fn delete_calendar_day(&self, date: NaiveDate, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_calendar_day(date, etag)).await
    }

    pub async fn issue_calendar_feed(&self) -> ClientResult<CalendarFeed> {
        self.run(ops::issue_calendar_feed()).await
    }

    pub async fn revoke_calendar_feed(&self) -> ClientResult<()> {
        self.run(ops::revoke_calendar_feed()).await
    }

    /// Fetches a feed by the path `issue_calendar_feed` gave (no bearer token is needed).
    pub async fn calendar_feed(&self, path: &str) -> ClientResult<String> {
        let url = format!("{}{}", self.base(), path);
        let (bytes, _) = self.send_bytes(reqwest::Client::new().get(url)).await?;
        String::from_utf8(bytes).map_err(|e| ClientError::Transport(e.to_string()))
    }

    pub async fn search(&self, q: &SearchQuery, page: PageParams) -> ClientResult<Page<SearchHit>> {
        self.run(ops::search(q, page)).await
    }
}
