//! `Client` methods of what follows the meeting: briefings (Art. 7), supervision tasks and
//! accountability referrals (Art. 8.4), the annual assessment (Art. 11); each sends the
//! operation of the same name in `ops`.

use uuid::Uuid;
use yanpan_types::*;

use crate::{Client, ClientResult, Tagged, ops};

impl Client {
    pub async fn list_briefings(
        &self,
        q: &BriefingQuery,
        page: PageParams,
    ) -> ClientResult<Page<Briefing>> {
        self.run(ops::list_briefings(q, page)).await
    }

    pub async fn create_briefing(&self, body: &CreateBriefing) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::create_briefing(body)).await
    }

    pub async fn get_briefing(&self, id: Uuid) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::get_briefing(id)).await
    }

    pub async fn update_briefing(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateBriefing,
    ) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::update_briefing(id, etag, body)).await
    }

    pub async fn delete_briefing(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_briefing(id, etag)).await
    }

    pub async fn transition_briefing(
        &self,
        id: Uuid,
        to: BriefingStatus,
        reason: Option<&str>,
    ) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::transition_briefing(id, to, reason)).await
    }

    pub async fn publish_briefing(&self, id: Uuid) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::publish_briefing(id)).await
    }

    pub async fn acknowledge_briefing(&self, id: Uuid) -> ClientResult<Tagged<Briefing>> {
        self.run(ops::acknowledge_briefing(id)).await
    }

    pub async fn export_briefing(&self, id: Uuid) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_briefing(id)).await
    }

    pub async fn list_public_briefings(
        &self,
        page: PageParams,
    ) -> ClientResult<Page<PublicBriefing>> {
        self.run(ops::list_public_briefings(page)).await
    }

    pub async fn get_public_briefing(&self, id: Uuid) -> ClientResult<PublicBriefing> {
        self.run(ops::get_public_briefing(id)).await
    }

    pub async fn public_briefings_feed(&self) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::public_briefings_feed()).await
    }
}

/// Supervision tasks (Art. 8.4).
impl Client {
    pub async fn list_supervision_tasks(
        &self,
        q: &TaskQuery,
        page: PageParams,
    ) -> ClientResult<Page<SupervisionTask>> {
        self.run(ops::list_supervision_tasks(q, page)).await
    }

    pub async fn get_supervision_task(&self, id: Uuid) -> ClientResult<Tagged<SupervisionTask>> {
        self.run(ops::get_supervision_task(id)).await
    }

    pub async fn transition_supervision_task(
        &self,
        id: Uuid,
        to: TaskStatus,
        note: Option<&str>,
    ) -> ClientResult<Tagged<SupervisionTask>> {
        self.run(ops::transition_supervision_task(id, to, note))
            .await
    }

    pub async fn transition_supervision_task_with(
        &self,
        id: Uuid,
        body: &TaskTransition,
    ) -> ClientResult<Tagged<SupervisionTask>> {
        self.run(ops::transition_supervision_task_with(id, body))
            .await
    }

    pub async fn upload_task_attachment(
        &self,
        task_id: Uuid,
        filename: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> ClientResult<Attachment> {
        self.run(ops::upload_task_attachment(
            task_id,
            filename,
            content_type,
            data,
        ))
        .await
    }
}

/// Accountability referrals (Art. 8.4).
impl Client {
    pub async fn list_referrals(
        &self,
        q: &ReferralQuery,
        page: PageParams,
    ) -> ClientResult<Page<Referral>> {
        self.run(ops::list_referrals(q, page)).await
    }

    pub async fn create_referral(&self, body: &CreateReferral) -> ClientResult<Tagged<Referral>> {
        self.run(ops::create_referral(body)).await
    }

    pub async fn get_referral(&self, id: Uuid) -> ClientResult<Tagged<Referral>> {
        self.run(ops::get_referral(id)).await
    }

    pub async fn accept_referral(&self, id: Uuid) -> ClientResult<Tagged<Referral>> {
        self.run(ops::accept_referral(id)).await
    }

    pub async fn close_referral(
        &self,
        id: Uuid,
        body: &CloseReferral,
    ) -> ClientResult<Tagged<Referral>> {
        self.run(ops::close_referral(id, body)).await
    }
}

/// The annual assessment (Art. 11).
impl Client {
    pub async fn get_assessment_rule(&self, year: i32) -> ClientResult<Tagged<VersionedRule>> {
        self.run(ops::get_assessment_rule(year)).await
    }

    pub async fn set_assessment_rule(
        &self,
        year: i32,
        rule: &AssessmentRule,
    ) -> ClientResult<Tagged<VersionedRule>> {
        self.run(ops::set_assessment_rule(year, rule)).await
    }

    pub async fn get_assessment(&self, year: i32, quarter: Option<u8>) -> ClientResult<Assessment> {
        self.run(ops::get_assessment(year, quarter)).await
    }

    pub async fn get_assessment_unit(
        &self,
        year: i32,
        unit_id: Uuid,
        quarter: Option<u8>,
    ) -> ClientResult<AssessmentDetail> {
        self.run(ops::get_assessment_unit(year, unit_id, quarter))
            .await
    }

    pub async fn export_assessment(
        &self,
        year: i32,
        quarter: Option<u8>,
        format: TableFormat,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_assessment(year, quarter, format))
            .await
    }

    pub async fn publish_assessment(&self, year: i32) -> ClientResult<Assessment> {
        self.run(ops::publish_assessment(year)).await
    }
}

/// Notifications and the outbox.
impl Client {
    pub async fn list_notifications(
        &self,
        q: &NotificationQuery,
        page: PageParams,
    ) -> ClientResult<Page<Notification>> {
        self.run(ops::list_notifications(q, page)).await
    }

    pub async fn unread_notifications(&self) -> ClientResult<UnreadCount> {
        self.run(ops::unread_notifications()).await
    }

    pub async fn read_notification(&self, id: Uuid) -> ClientResult<Notification> {
        self.run(ops::read_notification(id)).await
    }

    pub async fn read_all_notifications(&self) -> ClientResult<UnreadCount> {
        self.run(ops::read_all_notifications()).await
    }

    pub async fn list_outbox(&self, q: &OutboxQuery) -> ClientResult<Vec<OutboxEvent>> {
        self.run(ops::list_outbox(q)).await
    }

    /// The change feed after `q.after` (see `ChangeFeed::next_after`).
    pub async fn list_changes(&self, q: &ChangeQuery) -> ClientResult<ChangeFeed> {
        self.run(ops::list_changes(q)).await
    }
}

/// Special supervision (专项督查).
impl Client {
    pub async fn list_inspections(&self, page: PageParams) -> ClientResult<Page<Inspection>> {
        self.run(ops::list_inspections(page)).await
    }

    pub async fn create_inspection(
        &self,
        body: &CreateInspection,
    ) -> ClientResult<Tagged<Inspection>> {
        self.run(ops::create_inspection(body)).await
    }

    pub async fn get_inspection(&self, id: Uuid) -> ClientResult<Tagged<Inspection>> {
        self.run(ops::get_inspection(id)).await
    }

    pub async fn record_inspection_finding(
        &self,
        id: Uuid,
        task_id: Uuid,
        body: &RecordFinding,
    ) -> ClientResult<Tagged<Inspection>> {
        self.run(ops::record_inspection_finding(id, task_id, body))
            .await
    }
}

/// Webhooks (administrators).
impl Client {
    pub async fn list_webhooks(&self, page: PageParams) -> ClientResult<Page<WebhookEndpoint>> {
        self.run(ops::list_webhooks(page)).await
    }

    pub async fn create_webhook(
        &self,
        body: &CreateWebhook,
    ) -> ClientResult<Tagged<WebhookCreated>> {
        self.run(ops::create_webhook(body)).await
    }

    pub async fn webhook(&self, id: Uuid) -> ClientResult<Tagged<WebhookEndpoint>> {
        self.run(ops::get_webhook(id)).await
    }

    pub async fn update_webhook(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateWebhook,
    ) -> ClientResult<Tagged<WebhookEndpoint>> {
        self.run(ops::update_webhook(id, etag, body)).await
    }

    pub async fn delete_webhook(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_webhook(id, etag)).await
    }

    pub async fn webhook_deliveries(
        &self,
        id: Uuid,
        q: &DeliveryQuery,
        page: PageParams,
    ) -> ClientResult<Page<WebhookDelivery>> {
        self.run(ops::list_webhook_deliveries(id, q, page)).await
    }

    pub async fn webhook_delivery(&self, id: Uuid) -> ClientResult<WebhookDelivery> {
        self.run(ops::get_webhook_delivery(id)).await
    }

    pub async fn redeliver_webhook_delivery(&self, id: Uuid) -> ClientResult<WebhookDelivery> {
        self.run(ops::redeliver_webhook_delivery(id)).await
    }
}
