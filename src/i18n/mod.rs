//! Korean and English text for every label and message of the UI, and (in [`event_text`]) for
//! every engine event, shared by the UI and the CLI's playground commands.
//!
//! Kafka's own terms (topic, partition, offset, ISR, high watermark, consumer group…) stay in
//! English in the Korean text, as Korean learners meet them in books and in the CLI.

pub mod event_text;
pub mod partition_choice;
pub mod recovery_text;
pub mod replication_text;

/// The UI's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and storage.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Declares [`Text`] with its Korean and English strings side by side, so no label can exist
/// in one language only.
macro_rules! texts {
    ($( $key:ident => ($ko:literal, $en:literal), )+) => {
        /// A translatable piece of UI text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $( $key, )+ }

        impl Text {
            pub const ALL: &'static [Text] = &[ $( Text::$key, )+ ];

            pub const fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Text::$key, Lang::Ko) => $ko, (Text::$key, Lang::En) => $en, )+
                }
            }
        }
    };
}

texts! {
    AppTagline => ("브라우저 안에서 돌아가는 Apache Kafka 실습장", "An Apache Kafka playground in your browser"),
    SimClock => ("시뮬레이션 시각", "Simulated time"),
    Metrics => ("지표 (JMX)", "Metrics (JMX)"),
    MetricsHint => ("Kafka가 JMX로 내보내는 값을 시뮬레이션 시각 1초마다 기록합니다. 초당 값은 시뮬레이션 시간 기준입니다.", "The figures Kafka exports through JMX, sampled every simulated second. Rates are per simulated second."),
    MessagesInRate => ("초당 유입 메시지 (MessagesInPerSec)", "Messages in per second (MessagesInPerSec)"),
    BytesRate => ("초당 바이트 in / out (BytesIn/OutPerSec)", "Bytes in / out per second (BytesIn/OutPerSec)"),
    BytesIn => ("in", "in"),
    BytesOut => ("out", "out"),
    ReplicationHealth => ("복제 상태", "Replication health"),
    RequestTimeChart => ("요청 처리 시간 평균 (TotalTimeMs)", "Request time, mean (TotalTimeMs)"),
    RequestTimeHint => ("브로커가 요청을 받은 뒤 응답하기까지의 시간입니다. 시뮬레이션에는 큐 대기나 처리 비용이 없으므로 purgatory에서 기다린 시간입니다: acks=all produce는 ISR이 따라올 때까지, JoinGroup은 리밸런스가 끝날 때까지 기다립니다", "The time from a request reaching the broker to its response leaving. The simulation has no queueing or processing cost, so this is the wait in a purgatory: an acks=all produce waits for the ISR, a JoinGroup for the rebalance to complete"),
    UnderReplicated => ("under-replicated partition", "under-replicated partitions"),
    OfflinePartitions => ("offline partition", "offline partitions"),
    UnderMinIsr => ("min.insync.replicas 미달 partition", "partitions under min.insync.replicas"),
    ConsumerLagChart => ("consumer group별 lag 합계", "Total lag per consumer group"),
    GroupsLeftOut => ("차트에서 빠진 group", "groups left out of the chart"),
    NoSamplesYet => ("아직 표본이 없습니다 (시뮬레이션 시간이 흐르면 쌓입니다)", "No samples yet (they gather as simulated time passes)"),
    SamplesKept => ("보관하는 표본 (최대)", "Samples kept (at most)"),
    Profile => ("버전 프로필", "Version profile"),
    InternalTopic => ("Kafka 내부 topic (펼쳐 보기)", "Kafka's internal topic (open to see it)"),
    Producers => ("프로듀서", "Producers"),
    Producer => ("프로듀서", "Producer"),
    CreateProducer => ("프로듀서 만들기", "Create producer"),
    NoProducers => ("아직 프로듀서가 없습니다. 위에서 만들거나 터미널에서 kafka-console-producer.sh 를 실행하세요.", "No producers yet. Create one above, or run kafka-console-producer.sh in the terminal."),
    ProfileDefault => ("프로필 기본값", "profile default"),
    SendRecord => ("record 보내기", "Send record"),
    Partitioner => ("partitioner가 선택", "partitioner decides"),
    SentRecords => ("보낸 record와 결과", "Records sent and their results"),
    LastN => ("최근", "last"),
    Result => ("결과", "Result"),
    WhyPartition => ("왜 이 partition?", "Why this partition?"),
    Pending => ("대기 중 (accumulator 또는 전송 중)", "pending (in the accumulator or in flight)"),
    Closed => ("닫힘", "closed"),
    ProducerIdEpoch => ("producer id / epoch", "producer id / epoch"),
    TxnState => ("transaction 상태", "transaction state"),
    InFlight => ("전송 중 요청", "requests in flight"),
    Undelivered => ("결과 대기 record", "records awaiting a result"),
    Accumulator => ("accumulator의 batch", "batches in the accumulator"),
    AccumulatorEmpty => ("accumulator 비어 있음", "accumulator empty"),
    ProfileHint2_5 => ("Kafka 2.5 기본값: acks=1, idempotence 꺼짐, sticky partitioner, RangeAssignor (주소에 ?profile=4.x 로 바꿈)", "Kafka 2.5 defaults: acks=1, idempotence off, sticky partitioner, RangeAssignor (switch with ?profile=4.x in the address)"),
    ProfileHint4x => ("Kafka 4.x 기본값: acks=all, idempotence 켜짐, uniform sticky partitioner, RangeAssignor + CooperativeStickyAssignor (주소에 ?profile=2.5 로 바꿈)", "Kafka 4.x defaults: acks=all, idempotence on, uniform sticky partitioner, RangeAssignor + CooperativeStickyAssignor (switch with ?profile=2.5 in the address)"),
    TerminalKeys => ("Ctrl-C: 실행 중인 도구 중지 · Ctrl-D: 입력 끝", "Ctrl-C: stop the running tool · Ctrl-D: end of input"),
    Language => ("언어", "Language"),
    Cluster => ("클러스터", "Cluster"),
    Broker => ("브로커", "Broker"),
    Controller => ("Controller", "Controller"),
    Rack => ("rack", "rack"),
    Topics => ("토픽", "Topics"),
    NoTopics => ("아직 토픽이 없습니다. 아래에서 만들거나 터미널에 kafka-topics.sh --create 를 입력하세요.", "No topics yet. Create one below, or type kafka-topics.sh --create in the terminal."),
    CreateTopic => ("토픽 만들기", "Create topic"),
    TopicName => ("토픽 이름", "Topic name"),
    Partitions => ("파티션 수", "Partitions"),
    ReplicationFactor => ("복제 계수 (replication factor)", "Replication factor"),
    Partition => ("파티션", "Partition"),
    Leader => ("leader", "Leader"),
    Replicas => ("replica", "Replicas"),
    Isr => ("ISR", "ISR"),
    LogStartOffset => ("log start offset", "log start offset"),
    HighWatermark => ("high watermark", "high watermark"),
    LastStableOffset => ("last stable offset", "last stable offset"),
    LogEndOffset => ("log end offset", "log end offset"),
    Segments => ("세그먼트", "Segments"),
    Size => ("크기", "Size"),
    ConsumerGroups => ("컨슈머 그룹", "Consumer groups"),
    NoGroups => ("컨슈머 그룹이 없습니다. 터미널에서 kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic <토픽> --group <그룹> 을 실행하면 여기에 나타납니다.", "No consumer groups. Run kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic <topic> --group <group> in the terminal and the group appears here."),
    GroupState => ("상태", "State"),
    Generation => ("generation", "generation"),
    ProtocolType => ("protocol type", "protocol type"),
    Assignor => ("assignor", "assignor"),
    Members => ("member", "Members"),
    NoMembers => ("member 없음 (committed offset만 보관)", "no members (committed offsets kept)"),
    MemberLeader => ("leader", "leader"),
    ClientId => ("client id", "client id"),
    StaticInstance => ("static member (group.instance.id)", "static member (group.instance.id)"),
    IdleMember => ("유휴: 할당된 파티션 없음", "idle: no partitions assigned"),
    AssignedPartitions => ("할당된 파티션", "assigned partitions"),
    Owner => ("소유 member", "owner"),
    CommittedOffset => ("committed offset", "committed offset"),
    Lag => ("lag", "lag"),
    Unassigned => ("할당 없음", "unassigned"),
    NoCommittedOffsets => ("아직 committed offset이 없습니다.", "No committed offsets yet."),
    RebalanceTimeline => ("rebalance 타임라인", "Rebalance timeline"),
    TimelineOlder => ("더 오래된 항목", "older entries"),
    KindJoin => ("join", "join"),
    KindRebalance => ("rebalance", "rebalance"),
    KindSync => ("sync", "sync"),
    KindState => ("상태", "state"),
    KindRemoval => ("떠남", "left"),
    KindCommit => ("commit", "commit"),
    CommittedBy => ("commit한 member", "committed by"),
    GroupsLimit => ("보여 주는 그룹 수 (최대)", "Groups shown (at most)"),
    GroupsOmitted => ("보이지 않는 그룹", "groups not shown"),
    StateEmptyHint => ("member가 없는 그룹 (offset은 남아 있음)", "no members (offsets remain)"),
    StatePreparingHint => ("알려진 member가 모두 다시 JoinGroup 하기를 기다리는 중", "waiting for every known member to (re)join"),
    StateCompletingHint => ("generation이 정해졌고 leader의 SyncGroup 할당을 기다리는 중", "generation set; waiting for the leader's assignment in SyncGroup"),
    StateStableHint => ("모든 member가 할당을 받고 heartbeat 중", "every member has its assignment and heartbeats"),
    StateDeadHint => ("그룹 메타데이터가 지워지는 중", "the group's metadata is being removed"),
    Terminal => ("터미널", "Terminal"),
    TerminalHint => ("Kafka CLI 명령을 입력하세요. 예: kafka-topics.sh --bootstrap-server localhost:9092 --create --topic hello.kafka --partitions 3 · kafka-console-producer.sh --bootstrap-server localhost:9092 --topic hello.kafka", "Type a Kafka CLI command, e.g. kafka-topics.sh --bootstrap-server localhost:9092 --create --topic hello.kafka --partitions 3 · kafka-console-producer.sh --bootstrap-server localhost:9092 --topic hello.kafka"),
    Run => ("실행", "Run"),
    EventLog => ("이벤트 로그", "Event log"),
    NoEvents => ("아직 이벤트가 없습니다.", "No events yet."),
    EventLimit => ("최근 이벤트만 보관합니다. 최대", "Only recent events are kept; at most"),
    Dropped => ("오래되어 버린 이벤트", "older events dropped"),
    StorageUsed => ("저장된 segment 바이트", "Segment bytes stored"),
    PartitionLog => ("파티션 로그", "Partition log"),
    PickPartition => ("토픽 표에서 파티션 행을 누르면 그 파티션의 레코드가 여기에 offset 순서로 나타납니다.", "Click a partition row in the topics table to see its records here, in offset order."),
    NoRecords => ("이 파티션에는 아직 레코드가 없습니다. 터미널에서 produce 해 보세요.", "This partition has no records yet. Produce some from the terminal."),
    FollowEnd => ("끝 따라가기", "Follow the end"),
    WindowLimit => ("한 번에 보여 주는 레코드 수 (최대)", "Records shown at once (at most)"),
    Offsets => ("offset", "offsets"),
    NullKey => ("null key", "null key"),
    Tombstone => ("tombstone (null value)", "tombstone (null value)"),
    GapCell => ("레코드가 없는 offset (compaction으로 지워졌거나 제어 배치)", "offsets without a record (removed by compaction, or a control batch)"),
    AboveHw => ("high watermark 위: 아직 커밋되지 않음", "above the high watermark: not committed yet"),
    AboveLso => ("last stable offset 위: read_committed 컨슈머는 아직 못 읽음", "above the last stable offset: read_committed consumers cannot read it yet"),
    SegmentStart => ("세그먼트 시작", "segment start"),
    ControlRecord => ("트랜잭션 마커", "transaction marker"),
    BatchInspector => ("배치 살펴보기", "Batch inspector"),
    InspectHint => ("레코드를 누르면 그 레코드가 든 배치의 바이트를 필드별로 보여 줍니다.", "Click a record to see the bytes of its batch, field by field."),
    Field => ("필드", "Field"),
    Value => ("값", "Value"),
    Bytes => ("바이트", "Bytes"),
    Close => ("닫기", "Close"),
    StatusRunning => ("실행 중", "running"),
    StatusStopped => ("정상 종료됨", "stopped"),
    StatusCrashed => ("crash됨", "crashed"),
    StatusIsolated => ("네트워크 격리됨", "isolated"),
    StatusFenced => ("fenced", "fenced"),
    StatusSlow => ("느린 follower", "slow"),
    ActionStop => ("정지", "Stop"),
    ActionCrash => ("crash", "Crash"),
    ActionStart => ("시작", "Start"),
    ActionIsolate => ("격리", "Isolate"),
    ActionHeal => ("격리 해제", "Heal"),
    ActionSlow => ("느리게", "Slow"),
    ActionFast => ("정상 속도", "Fast"),
    RoleInSync => ("follower (ISR 안)", "follower in ISR"),
    RoleOutOfSync => ("ISR 밖", "out of ISR"),
    NoReplica => ("replica 없음", "no replica"),
    FlagHealthy => ("정상", "healthy"),
    FlagUnderReplicated => ("under-replicated", "under-replicated"),
    FlagOffline => ("offline", "offline"),
    IsrShrinks => ("ISR shrink", "ISR shrinks"),
    IsrExpands => ("ISR expand", "ISR expands"),
    UncleanElections => ("unclean election", "unclean elections"),
    DelayedProduces => ("ISR을 기다리는 acks=all 요청", "acks=all requests waiting"),
    LeaderEpoch => ("leader epoch", "leader epoch"),
    LeadersCount => ("leader 수", "leaders"),
    ReplicasCount => ("replica 수", "replicas"),
    BrokerBytesIn => ("받은 바이트", "bytes in"),
    BrokerBytesOut => ("보낸 바이트", "bytes out"),
    FetchDelay => ("fetch 지연", "fetch delay"),
    Behind => ("뒤처짐", "behind"),
    ReplicaPlacement => ("브로커별 replica 배치", "Replicas on their brokers"),
    BrokerButtonsHint => ("버튼은 터미널에 broker 명령을 입력합니다 (터미널에서 직접 입력해도 됩니다).", "The buttons type broker commands into the terminal (you can type them there too)."),
    TerminalBusy => ("터미널의 도구가 입력을 읽는 중이라 브로커 버튼을 쓸 수 없습니다. 빈 줄, Ctrl-D 또는 Ctrl-C로 끝내세요.", "A tool in the terminal is reading input, so the broker buttons are off. End it with an empty line, Ctrl-D or Ctrl-C."),
    TypedCommand => ("터미널에 입력한 명령:", "Typed in the terminal:"),
    ShowPartitions => ("파티션 펼치기", "Show partitions"),
    HidePartitions => ("파티션 접기", "Hide partitions"),
    Status => ("상태", "Status"),
    BackgroundConsumers => ("백그라운드 consumer (consumer start)", "Background consumers (consumer start)"),
    FreezeHint => ("정지(freeze)는 프로세스를 멈춥니다: poll도 heartbeat도 없으니 session.timeout.ms가 지나면 coordinator가 member를 빼고 리밸런스합니다. 재개(thaw)하면 UNKNOWN_MEMBER_ID를 받고 다시 참가합니다. 중지(stop)는 close(): commit하고 LeaveGroup을 보냅니다.", "Freeze stops the process: no polls and no heartbeats, so after session.timeout.ms the coordinator removes the member and rebalances. Thaw it and it gets UNKNOWN_MEMBER_ID and rejoins. Stop is close(): it commits and sends LeaveGroup."),
    Job => ("작업", "Job"),
    Group => ("group", "Group"),
    Consumed => ("소비한 record", "Consumed"),
    Running => ("실행 중", "Running"),
    Frozen => ("정지됨", "Frozen"),
    Freeze => ("정지", "Freeze"),
    Thaw => ("재개", "Thaw"),
    StopConsumer => ("중지 (leave)", "Stop (leave)"),
    Actions => ("동작", "Actions"),
    NoBrokerTopics => ("아직 replica가 없습니다. 토픽을 만들면 각 파티션의 replica가 브로커 열 아래에 놓입니다.", "No replicas yet. Create a topic and each partition's replicas appear under their brokers' columns."),
    Restoring => ("저장된 플레이그라운드를 복원하는 중…", "Restoring the saved playground…"),
    TimeControls => ("시간 제어", "Time controls"),
    TimeHint => ("엔진은 결정적이라 플레이그라운드는 seed와 입력만으로 어느 순간이든 다시 만들 수 있습니다", "The engine is deterministic: a playground is its seed plus its inputs, so any earlier moment can be rebuilt"),
    Pause => ("일시정지", "Pause"),
    Resume => ("계속", "Resume"),
    Paused => ("일시정지됨", "Paused"),
    StepNext => ("다음 순간으로", "Step"),
    StepHint => ("시뮬레이션 시계를 다음에 예정된 일(타이머, 네트워크 전달, 백그라운드 클라이언트)까지 진행합니다", "Advance the simulated clock to the next moment something is due (a timer, a network delivery, a background client)"),
    Speed => ("속도", "Speed"),
    Elapsed => ("경과", "Elapsed"),
    RewindTo => ("이 시점으로 되감기", "Rewind to here"),
    RewindHint => ("저널을 이 시점까지 다시 실행해 그때의 플레이그라운드를 만듭니다. 이후 입력은 버려집니다", "Replays the journal up to this moment to rebuild the playground as it was then; later inputs are discarded"),
    RewindConfirm => ("이 시점 이후의 입력은 버려집니다. 되감을까요?", "Inputs after this moment will be discarded. Rewind?"),
    RewindFailed => ("되감기 실패", "Rewind failed"),
    ShareLink => ("링크로 공유", "Share link"),
    ShareHint => ("시나리오 전체(seed, 프로필, 입력, 시계)를 담은 링크를 만듭니다. 서버로 전송되지 않는 URL fragment(#)에 담깁니다", "Makes a link carrying the whole scenario (seed, profile, inputs, clock) in the URL fragment (#), which is never sent to a server"),
    LinkCopied => ("링크를 복사했습니다", "Link copied"),
    LinkReady => ("공유 링크", "Share link"),
    ShareFailed => ("링크를 만들 수 없음", "Cannot make a link"),
    CharactersMax => ("자, 최대", "characters, at most"),
    OpenSharedConfirm => ("링크에 담긴 시나리오를 새 플레이그라운드로 열까요?", "Open the scenario in this link as a new playground?"),
    SharedPlaygroundName => ("공유받은 플레이그라운드", "shared playground"),
    SharedLinkFailed => ("링크의 시나리오를 열 수 없음", "Cannot open the link's scenario"),
    Restored => ("복원됨", "Restored"),
    InputsReplayed => ("다시 실행한 입력", "inputs replayed"),
    ClockRestored => ("시뮬레이션 시각", "clock at"),
    ReplayDiverged => ("기록된 시각에 닿지 못한 첫 입력 (이 kplay의 동작이 기록 때와 다름)", "first input the replay did not reach at its recorded moment (this kplay behaves differently from the one that recorded it)"),
    RestoreFailed => ("저장된 플레이그라운드를 복원할 수 없어 새로 시작했습니다 (저장된 것은 그대로 두었고 이 탭은 저장하지 않습니다; 초기화하면 지웁니다)", "The saved playground cannot be restored, so a new one started (the saved one is left as it was and this tab does not save; reset deletes it)"),
    JournalFull => ("저널이 가득 찼습니다: 이후의 입력은 저장되지 않고, 새로고침하면 가득 찬 순간으로 돌아갑니다. 최대 입력 수", "The journal is full: later inputs are not saved, and a reload returns to the moment it filled. Most inputs kept"),
    NotSaving => ("이 탭은 플레이그라운드를 저장하지 않습니다", "This tab does not save the playground"),
    SaveFailed => ("저장 실패 (다시 시도합니다)", "Saving failed (will retry)"),
    ResetPlayground => ("초기화", "Reset playground"),
    ResetConfirm => ("저장된 플레이그라운드를 지우고 새로 시작할까요?", "Delete the saved playground and start a new one?"),
    ExportScenario => ("시나리오 내보내기", "Export scenario"),
    ImportScenario => ("가져오기 (.json, .tar)", "Import (.json, .tar)"),
    ImportFailed => ("가져오기 실패", "Import failed"),
    Playgrounds => ("플레이그라운드", "Playgrounds"),
    PlaygroundsHint => ("이 브라우저에 저장된 플레이그라운드: 열기, 만들기, 이름 바꾸기, 복제, 삭제", "The playgrounds saved in this browser: open, create, rename, duplicate, delete"),
    OpenNow => ("지금 열림", "open now"),
    PlaygroundName => ("이름", "Name"),
    LastUsed => ("마지막 사용", "Last used"),
    SegmentSize => ("segment 크기", "Segment size"),
    OpenPlayground => ("열기", "Open"),
    RenamePlayground => ("이름 바꾸기", "Rename"),
    DuplicatePlayground => ("복제", "Duplicate"),
    DeletePlayground => ("삭제", "Delete"),
    DeleteConfirm => ("이 플레이그라운드와 저장된 모든 것을 지울까요? 되돌릴 수 없습니다", "Delete this playground and everything saved in it? This cannot be undone"),
    NewPlayground => ("새 플레이그라운드 이름", "New playground's name"),
    CreatePlayground => ("만들고 열기", "Create and open"),
    NewName => ("새 이름", "New name"),
    CopyOf => ("사본", "copy"),
    StorageEstimate => ("브라우저 저장 공간 (추정, 이 사이트 전체)", "Browser storage (estimate, this whole site)"),
    StorageUnknown => ("브라우저가 저장 공간 사용량을 알려 주지 않습니다", "The browser does not tell its storage usage"),
    PersistentOn => ("영구 저장: 켜짐", "Persistent storage: on"),
    PersistentOff => ("영구 저장: 꺼짐 (공간이 모자라면 브라우저가 지울 수 있음)", "Persistent storage: off (the browser may evict it when space runs short)"),
    AskPersistent => ("영구 저장 요청", "Ask for persistent storage"),
    PersistDenied => ("브라우저가 영구 저장을 허락하지 않았습니다", "The browser did not grant persistent storage"),
    CatalogueFailed => ("플레이그라운드 작업 실패", "Playground operation failed"),
    CannotDeleteOpen => ("지금 열린 플레이그라운드는 지울 수 없습니다 (초기화를 쓰세요)", "The open playground cannot be deleted (use Reset)"),
    Working => ("처리 중…", "Working…"),
    ExportArchive => ("Kafka 파일과 함께 내보내기 (.tar)", "Export with Kafka files (.tar)"),
    ArchiveHint => ("시나리오 JSON과 각 파티션 리더의 .log/.index/.timeindex 파일을 Kafka의 디렉터리 구조로 담은 tar입니다. tar xf 로 풀면 kafka-dump-log.sh 로 읽을 수 있습니다. 가져올 때는 시나리오만 다시 실행하고, Kafka 파일은 살펴보기용으로 다시 만든 것과 비교만 합니다", "A tar of the scenario JSON and each partition leader's .log/.index/.timeindex files in Kafka's directory layout: tar xf it and read them with kafka-dump-log.sh. Importing replays the scenario only; the Kafka files are for inspection and are just compared with the replay's"),
    ArchiveMismatch => ("tar 안의 segment 파일이 시나리오를 다시 실행한 결과와 다릅니다 (가져오면 다시 실행한 결과를 씁니다)", "The tar's segment files differ from a replay of its scenario (an import uses the replay's)"),
    ArchiveDiffering => ("다른 파일", "differing"),
    ArchiveMissing => ("빠진 파일", "missing"),
    ArchiveExtra => ("남는 파일", "extra"),
    ImportAnyway => ("그래도 시나리오를 가져올까요?", "Import the scenario anyway?"),
    ReadOnlyOtherTab => ("읽기 전용: 다른 탭이 이 플레이그라운드를 열고 있습니다. 저장된 상태를 보여 줄 뿐, 입력은 받지 않고 시계는 멈춰 있습니다", "Read-only: another tab owns this playground. This tab shows what it saved; inputs are refused and the clock is stopped"),
    ReadOnlyHandedOver => ("읽기 전용: 이 플레이그라운드를 다른 탭에 넘겼습니다 (모두 저장한 뒤). 입력은 받지 않고 시계는 멈춰 있습니다", "Read-only: this tab handed the playground over to another tab (after saving everything). Inputs are refused and the clock is stopped"),
    StorageFullStopped => ("저장 공간이 가득 찼습니다: 이미 저장된 것은 그대로이고, 저장할 수 없는 입력이 쌓이지 않도록 새 입력을 받지 않습니다. 다른 플레이그라운드를 지워 공간을 만들면 저장이 저절로 다시 됩니다", "Storage is full: everything already stored is kept, and new inputs are refused so nothing piles up that cannot be saved. Delete another playground to make room; saving resumes by itself"),
    InputRefused => ("받지 않음: 이 탭에서는 플레이그라운드가 읽기 전용입니다", "Refused: the playground is read-only in this tab"),
    TakeOver => ("이 탭으로 가져오기", "Take over"),
    TakeOverHint => ("지금 주인인 탭에 모두 저장하고 넘겨 달라고 요청합니다. 넘겨받으면 이 탭이 다시 열리며 주인이 됩니다", "Asks the owning tab to save everything and hand the playground over; this tab then reloads as its owner"),
    TakingOver => ("주인 탭에 요청하는 중…", "Asking the owning tab…"),
    TakeOverNoAnswer => ("주인 탭이 답하지 않았습니다 (멈췄거나 백그라운드에서 얼어 있을 수 있습니다). 그 탭을 열어 보거나 닫은 뒤 다시 시도하세요. 기다린 시간(ms)", "The owning tab did not answer (it may be frozen or suspended in the background). Look at that tab or close it, then try again. Waited (ms)"),
    TakeOverRefused => ("주인 탭이 넘겨주지 못했습니다", "The owning tab could not hand over"),
    ScenarioHint => ("시나리오: seed, 버전 프로필, 그리고 모든 입력과 그 시뮬레이션 시각. 다시 실행하면 같은 플레이그라운드가 됩니다", "A scenario: the seed, the version profile and every input with its simulated moment. Replaying it rebuilds the same playground"),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for &t in Text::ALL {
            assert!(!t.get(Lang::Ko).is_empty(), "{t:?} has no Korean text");
            assert!(!t.get(Lang::En).is_empty(), "{t:?} has no English text");
        }
    }
}
