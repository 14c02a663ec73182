//! `Client` methods of the meeting's documents: each sends the operation of the same name in
//! `ops` and answers the file's bytes and content type.

use uuid::Uuid;

use crate::{Client, ClientResult, ops};

impl Client {
    pub async fn export_notice(&self, meeting_id: Uuid) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_notice(meeting_id)).await
    }

    pub async fn export_sign_in_sheet(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_sign_in_sheet(meeting_id)).await
    }

    pub async fn export_minutes(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_minutes(meeting_id)).await
    }

    pub async fn export_submission_tracker(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_submission_tracker(meeting_id)).await
    }

    pub async fn export_attendance(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_attendance(meeting_id)).await
    }

    pub async fn export_materials(
        &self,
        meeting_id: Uuid,
    ) -> ClientResult<(Vec<u8>, Option<String>)> {
        self.run(ops::export_materials(meeting_id)).await
    }
}
