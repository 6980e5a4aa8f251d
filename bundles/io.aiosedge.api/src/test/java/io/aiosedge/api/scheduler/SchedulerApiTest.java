package io.aiosedge.api.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SchedulerApiTest {

    @Test
    void builderComputesEncodedInputSizeAndDefaults() {
        Task task = Task.builder("t1", "anomaly").input(new float[] {1, 2, 3, 4}, 1, 4).build();
        assertThat(task.inputBytes()).isEqualTo(task.encodedInput().length).isEqualTo(4 + 16 + 16);
        assertThat(task.model()).isEqualTo("anomaly");
        assertThat(task.priority()).isEqualTo(Task.PRIORITY_DEFAULT);
        assertThat(task.locality()).isEqualTo(Locality.ANY);
        assertThat(task.deadlineMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(task.hasEdgeModel()).isFalse();
    }

    @Test
    void taskWithoutInputOrWithBadPriorityIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Task.builder("t2", "k").build()).hasMessageContaining("t2")
                .hasMessageContaining("input");
        assertThatThrownBy(() -> Task.builder("t3", "k").inputRef("file:/x", 10).priority(10).build())
                .hasMessageContaining("priority").hasMessageContaining("10");
    }

    @Test
    void confidenceOfBinaryAndMultiClassOutputs() {
        assertThat(TaskResult.confidenceOf(new float[] {0.2f})).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(TaskResult.confidenceOf(new float[] {0.1f, 0.7f, 0.2f})).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(TaskResult.confidenceOf(new float[] {3.5f})).isNaN();
        assertThat(TaskResult.confidenceOf(new float[0])).isNaN();
    }

    @Test
    void costTableAnswersCompletionDeadlineAndFastestNode() {
        Node local = new Node("gw", NodeKind.LOCAL, "", 4, 2, 1e9, 0, List.of(), Set.of());
        Node cloud = new Node("cloud", NodeKind.CLOUD, "inference", 16, 8, 4e9, 0, List.of(), Set.of());
        Task task = Task.builder("t", "k").inputRef("r", 100).deadline(1_000 + 30).build();
        Estimate onLocal = new Estimate(true, 5, 0, 40, 0, 0, 0, "prior");
        Estimate onCloud = new Estimate(true, 0, 8, 10, 2, 0, 0, "prior");
        CostTable table = new CostTable(1_000, List.of(task),
                List.of(new NodeState(local, true, 0, 0, 0, 0), new NodeState(cloud, true, 0, 0, 0, 0)),
                new Estimate[][] {{onLocal, onCloud}}, new double[] {100, 800});
        assertThat(table.completionMillis(0, 0)).isEqualTo(45);
        assertThat(table.completionMillis(0, 1)).isEqualTo(20);
        assertThat(table.meetsDeadline(0, 0)).isFalse();
        assertThat(table.meetsDeadline(0, 1)).isTrue();
        assertThat(table.fastestNode(0)).isEqualTo(1);
        assertThat(table.indexOfKind(NodeKind.CLOUD)).isEqualTo(1);
        assertThat(table.indexOf("gw")).isZero();
        assertThat(table.requirementMillis(0, 0)).isEqualTo(40);
    }

    @Test
    void notAllowedEstimateNeverCompletes() {
        assertThat(Estimate.notAllowed("edge-only").completionMillis()).isInfinite();
    }
}
