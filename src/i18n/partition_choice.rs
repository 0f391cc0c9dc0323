//! "Why this partition?": a producer's [`PartitionChoice`] as one sentence in Korean or
//! English, with the numbers the partitioner used.

use super::Lang;
use crate::engine::producer::partitioner::{PartitionChoice, StickyPick};

/// The reason a record went to its partition.
pub fn explain(choice: &PartitionChoice, lang: Lang) -> String {
    if lang == Lang::En {
        return choice.explain();
    }
    match *choice {
        PartitionChoice::Explicit { partition } => {
            format!("record에 partition {partition} 을(를) 직접 지정")
        }
        PartitionChoice::Keyed {
            partition,
            murmur2,
            to_positive,
            num_partitions,
        } => format!(
            "murmur2(key) = {murmur2}, toPositive = {to_positive}, {to_positive} % {num_partitions} = {partition}"
        ),
        PartitionChoice::StickyUntilNewBatch {
            partition,
            available,
            switched,
        } => {
            if switched {
                format!("key 없음: 새 batch가 필요해 sticky partition이 {partition} (으)로 바뀜 (사용 가능한 {available}개 중 무작위)")
            } else {
                format!("key 없음: 새 batch가 만들어질 때까지 sticky partition {partition} 유지")
            }
        }
        PartitionChoice::UniformSticky {
            partition,
            produced_bytes,
            batch_size,
            pick,
        } => {
            let how = match pick {
                StickyPick::Uniform { available } => {
                    format!("사용 가능한 {available}개 중 균등 선택")
                }
                StickyPick::Adaptive { weight, total } => {
                    format!("부하에 따라 선택, 가중치 {weight}/{total}")
                }
            };
            format!("key 없음: sticky partition {partition} ({how}); {batch_size} byte 중 {produced_bytes} byte를 보낸 뒤 전환")
        }
        PartitionChoice::RoundRobin {
            partition,
            counter,
            available,
        } => format!(
            "RoundRobinPartitioner: counter {counter} % 사용 가능 {available} = {partition}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_choices_show_the_arithmetic_in_both_languages() {
        let choice = PartitionChoice::Keyed {
            partition: 1,
            murmur2: -7,
            to_positive: 2_147_483_641,
            num_partitions: 3,
        };
        let ko = explain(&choice, Lang::Ko);
        assert_eq!(
            ko,
            "murmur2(key) = -7, toPositive = 2147483641, 2147483641 % 3 = 1"
        );
        assert_eq!(explain(&choice, Lang::En), choice.explain());
        let sticky = PartitionChoice::StickyUntilNewBatch {
            partition: 2,
            available: 3,
            switched: false,
        };
        assert!(explain(&sticky, Lang::Ko).contains("sticky partition 2"));
    }
}
