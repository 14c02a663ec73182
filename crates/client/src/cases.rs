//! `Client` methods of the cases, the category dictionary and the analysis room: each sends the
//! operation of the same name in `ops`.

use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_types::*;

use crate::{Client, ClientResult, PostOptions, Tagged, ops};

impl Client {
    pub async fn intake_cases(&self, body: &CaseBatch) -> ClientResult<IntakeReport> {
        self.run(ops::intake_cases(body)).await
    }

    pub async fn intake_cases_with(
        &self,
        body: &CaseBatch,
        opts: &PostOptions,
    ) -> ClientResult<IntakeReport> {
        self.run(ops::intake_cases(body).with(opts)).await
    }

    pub async fn intake_cases_raw(&self, body: &serde_json::Value) -> ClientResult<IntakeReport> {
        self.run(ops::intake_cases_raw(body)).await
    }

    pub async fn cases(&self, q: &CaseQuery, page: PageParams) -> ClientResult<Page<Case>> {
        self.run(ops::list_cases(q, page)).await
    }

    pub async fn case(&self, case_number: &str) -> ClientResult<Tagged<Case>> {
        self.run(ops::get_case(case_number)).await
    }

    pub async fn case_categories(&self) -> ClientResult<Vec<CaseCategory>> {
        self.run(ops::list_case_categories()).await
    }

    pub async fn create_case_category(
        &self,
        body: &CreateCaseCategory,
    ) -> ClientResult<Tagged<CaseCategory>> {
        self.run(ops::create_case_category(body)).await
    }

    pub async fn update_case_category(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateCaseCategory,
    ) -> ClientResult<Tagged<CaseCategory>> {
        self.run(ops::update_case_category(id, etag, body)).await
    }

    pub async fn analysis_overview(&self, q: &AnalysisQuery) -> ClientResult<Overview> {
        self.run(ops::analysis_overview(q)).await
    }

    pub async fn analysis_repeated_demands(
        &self,
        q: &AnalysisQuery,
        r: &RepeatQuery,
    ) -> ClientResult<RepeatedDemands> {
        self.run(ops::analysis_repeated_demands(q, r)).await
    }

    pub async fn analysis_poor_disposal(&self, q: &AnalysisQuery) -> ClientResult<PoorDisposal> {
        self.run(ops::analysis_poor_disposal(q)).await
    }

    pub async fn analysis_satisfaction(
        &self,
        q: &AnalysisQuery,
    ) -> ClientResult<SatisfactionAnalysis> {
        self.run(ops::analysis_satisfaction(q)).await
    }

    pub async fn analysis_unit_ranking(&self, q: &AnalysisQuery) -> ClientResult<UnitRanking> {
        self.run(ops::analysis_unit_ranking(q)).await
    }

    pub async fn agenda_draft(&self, meeting_id: Uuid) -> ClientResult<AgendaDraft> {
        self.run(ops::agenda_draft(meeting_id)).await
    }

    pub async fn topic_proposals(
        &self,
        q: &TopicProposalQuery,
        page: PageParams,
    ) -> ClientResult<Page<TopicProposal>> {
        self.run(ops::list_topic_proposals(q, page)).await
    }

    pub async fn detect_hot_issues(&self, as_of: Option<NaiveDate>) -> ClientResult<Detection> {
        self.run(ops::detect_hot_issues(as_of)).await
    }

    pub async fn topic_proposal(&self, id: Uuid) -> ClientResult<Tagged<TopicProposal>> {
        self.run(ops::get_topic_proposal(id)).await
    }

    pub async fn accept_topic_proposal(
        &self,
        id: Uuid,
        body: &AcceptTopicProposal,
    ) -> ClientResult<Tagged<TopicProposal>> {
        self.run(ops::accept_topic_proposal(id, body)).await
    }

    pub async fn dismiss_topic_proposal(
        &self,
        id: Uuid,
        body: &DismissTopicProposal,
    ) -> ClientResult<Tagged<TopicProposal>> {
        self.run(ops::dismiss_topic_proposal(id, body)).await
    }

    pub async fn analysis_trend(&self, q: &TrendQuery) -> ClientResult<Trend> {
        self.run(ops::analysis_trend(q)).await
    }

    pub async fn analysis_hot_issues(&self, as_of: Option<NaiveDate>) -> ClientResult<HotIssues> {
        self.run(ops::analysis_hot_issues(as_of)).await
    }
}
