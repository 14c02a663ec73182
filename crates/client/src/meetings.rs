//! Client methods of the meeting workflow.

use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_types::*;

use crate::resources::{PostOptions, with_opts};
use crate::{Client, ClientResult, Tagged};

impl Client {
    // --- meetings -----------------------------------------------------------------------------

    pub async fn meetings(
        &self,
        q: &MeetingQuery,
        page: PageParams,
    ) -> ClientResult<Page<Meeting>> {
        self.list("/meetings", q, page).await
    }

    pub async fn create_meeting(
        &self,
        body: &CreateMeeting,
    ) -> ClientResult<Tagged<MeetingDetail>> {
        self.create_meeting_with(body, &PostOptions::default())
            .await
    }

    pub async fn create_meeting_with(
        &self,
        body: &CreateMeeting,
        opts: &PostOptions,
    ) -> ClientResult<Tagged<MeetingDetail>> {
        self.send_tagged(with_opts(self.post("/meetings", body), opts))
            .await
    }

    pub async fn meeting(&self, id: Uuid) -> ClientResult<Tagged<MeetingDetail>> {
        self.send_tagged(self.get(&format!("/meetings/{id}"))).await
    }

    pub async fn update_meeting(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateMeeting,
    ) -> ClientResult<Tagged<Meeting>> {
        self.send_tagged(self.patch(&format!("/meetings/{id}"), etag, body))
            .await
    }

    pub async fn transition(
        &self,
        id: Uuid,
        to: MeetingStatus,
        reason: Option<&str>,
    ) -> ClientResult<Tagged<Meeting>> {
        let body = TransitionRequest {
            to,
            reason: reason.map(str::to_owned),
        };
        self.send_tagged(self.post(&format!("/meetings/{id}/transitions"), &body))
            .await
    }

    pub async fn readiness(&self, id: Uuid) -> ClientResult<Readiness> {
        self.send(self.get(&format!("/meetings/{id}/readiness")))
            .await
    }

    pub async fn participants(&self, id: Uuid) -> ClientResult<Vec<Participant>> {
        self.send(self.get(&format!("/meetings/{id}/participants")))
            .await
    }

    pub async fn add_participant(
        &self,
        id: Uuid,
        body: &AddParticipant,
    ) -> ClientResult<Tagged<Participant>> {
        self.send_tagged(self.post(&format!("/meetings/{id}/participants"), body))
            .await
    }

    pub async fn remove_participant(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
    ) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/meetings/{id}/participants/{unit_id}"), etag))
            .await
    }

    pub async fn record_attendance(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
        body: &RecordAttendance,
    ) -> ClientResult<Tagged<Participant>> {
        self.send_tagged(self.patch(
            &format!("/meetings/{id}/participants/{unit_id}"),
            etag,
            body,
        ))
        .await
    }

    pub async fn cadence(&self, year: i32) -> ClientResult<Cadence> {
        self.send(self.get(&format!("/cadence?year={year}"))).await
    }

    // --- agenda -------------------------------------------------------------------------------

    pub async fn agenda(&self, meeting_id: Uuid) -> ClientResult<Vec<AgendaItem>> {
        self.send(self.get(&format!("/meetings/{meeting_id}/agenda-items")))
            .await
    }

    pub async fn create_agenda_item(
        &self,
        meeting_id: Uuid,
        body: &CreateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.send_tagged(self.post(&format!("/meetings/{meeting_id}/agenda-items"), body))
            .await
    }

    pub async fn reorder_agenda(
        &self,
        meeting_id: Uuid,
        item_ids: Vec<Uuid>,
    ) -> ClientResult<Vec<AgendaItem>> {
        self.send(self.post(
            &format!("/meetings/{meeting_id}/agenda-items/reorder"),
            &ReorderAgenda { item_ids },
        ))
        .await
    }

    pub async fn agenda_item(&self, id: Uuid) -> ClientResult<Tagged<AgendaItem>> {
        self.send_tagged(self.get(&format!("/agenda-items/{id}")))
            .await
    }

    pub async fn update_agenda_item(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.send_tagged(self.patch(&format!("/agenda-items/{id}"), etag, body))
            .await
    }

    pub async fn delete_agenda_item(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/agenda-items/{id}"), etag))
            .await
    }

    pub async fn decide_escalation(
        &self,
        item_id: Uuid,
        escalate: bool,
        reason: &str,
    ) -> ClientResult<Tagged<AgendaItem>> {
        let body = EscalationDecision {
            escalate,
            reason: reason.into(),
        };
        self.send_tagged(self.post(&format!("/agenda-items/{item_id}/decision"), &body))
            .await
    }

    // --- submissions and files ----------------------------------------------------------------

    pub async fn submissions(&self, meeting_id: Uuid) -> ClientResult<Vec<Submission>> {
        self.send(self.get(&format!("/meetings/{meeting_id}/submissions")))
            .await
    }

    pub async fn submit(
        &self,
        meeting_id: Uuid,
        body: &CreateSubmission,
    ) -> ClientResult<Submission> {
        self.send(self.post(&format!("/meetings/{meeting_id}/submissions"), body))
            .await
    }

    pub async fn submission(&self, id: Uuid) -> ClientResult<Submission> {
        self.send(self.get(&format!("/submissions/{id}"))).await
    }

    pub async fn submission_tracker(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<Vec<SubmissionStatus>> {
        self.send(self.get(&format!("/meetings/{meeting_id}/submission-tracker")))
            .await
    }

    /// Uploads a file as multipart/form-data.
    pub async fn upload(
        &self,
        meeting_id: Uuid,
        filename: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> ClientResult<Attachment> {
        let part = reqwest::multipart::Part::bytes(data)
            .file_name(filename.to_owned())
            .mime_str(content_type)
            .map_err(|e| crate::ClientError::Transport(e.to_string()))?;
        let form = reqwest::multipart::Form::new().part("file", part);
        self.send(
            self.request(
                reqwest::Method::POST,
                &format!("/meetings/{meeting_id}/attachments"),
            )
            .multipart(form),
        )
        .await
    }

    pub async fn attachment(&self, id: Uuid) -> ClientResult<Attachment> {
        self.send(self.get(&format!("/attachments/{id}"))).await
    }

    /// The file's bytes and content type.
    pub async fn download(&self, id: Uuid) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.send_bytes(self.get(&format!("/attachments/{id}/content")))
            .await
    }

    // --- conclusions --------------------------------------------------------------------------

    pub async fn conclusions(&self, meeting_id: Uuid) -> ClientResult<Vec<Conclusion>> {
        self.send(self.get(&format!("/meetings/{meeting_id}/conclusions")))
            .await
    }

    pub async fn create_conclusion(
        &self,
        meeting_id: Uuid,
        body: &CreateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.send_tagged(self.post(&format!("/meetings/{meeting_id}/conclusions"), body))
            .await
    }

    pub async fn conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.send_tagged(self.get(&format!("/conclusions/{id}")))
            .await
    }

    pub async fn update_conclusion(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.send_tagged(self.patch(&format!("/conclusions/{id}"), etag, body))
            .await
    }

    pub async fn delete_conclusion(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/conclusions/{id}"), etag))
            .await
    }

    pub async fn adopt_conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.send_tagged(self.request(reqwest::Method::POST, &format!("/conclusions/{id}/adopt")))
            .await
    }

    // --- escalations --------------------------------------------------------------------------

    pub async fn escalations(
        &self,
        q: &EscalationQuery,
        page: PageParams,
    ) -> ClientResult<Page<Escalation>> {
        self.list("/escalations", q, page).await
    }

    pub async fn escalation(&self, id: Uuid) -> ClientResult<Tagged<Escalation>> {
        self.send_tagged(self.get(&format!("/escalations/{id}")))
            .await
    }

    pub async fn create_escalation(
        &self,
        body: &CreateEscalation,
    ) -> ClientResult<Tagged<Escalation>> {
        self.send_tagged(self.post("/escalations", body)).await
    }

    pub async fn decide_escalation_request(
        &self,
        id: Uuid,
        accept: bool,
        note: &str,
    ) -> ClientResult<Tagged<Escalation>> {
        let body = DecideEscalation {
            accept,
            note: note.into(),
        };
        self.send_tagged(self.post(&format!("/escalations/{id}/decision"), &body))
            .await
    }

    pub async fn schedule_escalation(
        &self,
        id: Uuid,
        level1_meeting_id: Uuid,
    ) -> ClientResult<Tagged<Escalation>> {
        self.send_tagged(self.post(
            &format!("/escalations/{id}/schedule"),
            &ScheduleEscalation { level1_meeting_id },
        ))
        .await
    }

    pub async fn resolve_escalation(
        &self,
        id: Uuid,
        outcome: &str,
    ) -> ClientResult<Tagged<Escalation>> {
        self.send_tagged(self.post(
            &format!("/escalations/{id}/resolve"),
            &ResolveEscalation {
                outcome: outcome.into(),
            },
        ))
        .await
    }

    // --- calendar and search ------------------------------------------------------------------

    pub async fn calendar_days(&self, year: Option<i32>) -> ClientResult<Vec<CalendarDay>> {
        let path = match year {
            Some(y) => format!("/calendar-days?year={y}"),
            None => "/calendar-days".to_owned(),
        };
        self.send(self.get(&path)).await
    }

    pub async fn create_calendar_day(
        &self,
        body: &CreateCalendarDay,
    ) -> ClientResult<Tagged<CalendarDay>> {
        self.send_tagged(self.post("/calendar-days", body)).await
    }

    pub async fn delete_calendar_day(&self, date: NaiveDate, etag: &str) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/calendar-days/{date}"), etag))
            .await
    }

    pub async fn issue_calendar_feed(&self) -> ClientResult<CalendarFeed> {
        self.send(self.request(reqwest::Method::POST, "/me/calendar-feed"))
            .await
    }

    pub async fn revoke_calendar_feed(&self) -> ClientResult<()> {
        self.send_empty(self.request(reqwest::Method::DELETE, "/me/calendar-feed"))
            .await
    }

    /// Fetches a feed by the path `issue_calendar_feed` gave (no bearer token is needed).
    pub async fn calendar_feed(&self, path: &str) -> ClientResult<String> {
        let url = format!("{}{}", self.base(), path);
        let (bytes, _) = self.send_bytes(reqwest::Client::new().get(url)).await?;
        String::from_utf8(bytes).map_err(|e| crate::ClientError::Transport(e.to_string()))
    }

    pub async fn search(&self, q: &SearchQuery, page: PageParams) -> ClientResult<Page<SearchHit>> {
        self.list("/search", q, page).await
    }
}
