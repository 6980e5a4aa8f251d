package io.aiosedge.driver.modbus.internal;

import static io.aiosedge.driver.modbus.internal.ModbusArea.COIL;
import static io.aiosedge.driver.modbus.internal.ModbusArea.HOLDING_REGISTER;
import static io.aiosedge.driver.modbus.internal.ModbusArea.INPUT_REGISTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RequestPlannerTest {

    private static final RequestPlanner.Limits NO_GAP = new RequestPlanner.Limits(125, 2000, 0, 0);

    private static RequestPlanner.Item item(int index, ModbusArea area, int address, int quantity) {
        return new RequestPlanner.Item(index, 1, area, address, quantity);
    }

    @Test
    void mergesContiguousChannelsInAnyOrderIntoOneRequest() {
        List<RequestPlanner.Item> items = List.of(item(0, HOLDING_REGISTER, 4, 2), item(1, HOLDING_REGISTER, 0, 1),
                item(2, HOLDING_REGISTER, 1, 1), item(3, HOLDING_REGISTER, 2, 2));

        List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, NO_GAP);

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).startAddress()).isZero();
        assertThat(blocks.get(0).quantity()).isEqualTo(6);
        assertThat(blocks.get(0).items()).extracting(RequestPlanner.Item::index).containsExactly(1, 2, 3, 0);
    }

    @Test
    void aGapWithinTheLimitIsReadAndAWiderGapSplits() {
        List<RequestPlanner.Item> items = List.of(item(0, HOLDING_REGISTER, 0, 2), item(1, HOLDING_REGISTER, 5, 1),
                item(2, HOLDING_REGISTER, 10, 1));
        RequestPlanner.Limits gapOfThree = new RequestPlanner.Limits(125, 2000, 3, 0);

        List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, gapOfThree);

        // 0-1 and 5 are 3 apart (2, 3, 4 unused): merged; 10 is 4 past 5's end: split.
        assertThat(blocks).extracting(RequestPlanner.Block::startAddress, RequestPlanner.Block::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 6), org.assertj.core.groups.Tuple.tuple(10, 1));
        assertThat(RequestPlanner.plan(items, NO_GAP)).hasSize(3);
    }

    @Test
    void splitsWhenARequestWouldExceedTheSizeLimit() {
        List<RequestPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(item(i, HOLDING_REGISTER, 2 * i, 2)); // 200 contiguous registers
        }

        List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, NO_GAP);

        assertThat(blocks).extracting(RequestPlanner.Block::startAddress, RequestPlanner.Block::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 124),
                        org.assertj.core.groups.Tuple.tuple(124, 76));
    }

    @Test
    void neverMergesAcrossUnitsOrAreas() {
        List<RequestPlanner.Item> items = List.of(item(0, HOLDING_REGISTER, 0, 1), item(1, INPUT_REGISTER, 1, 1),
                new RequestPlanner.Item(2, 2, HOLDING_REGISTER, 1, 1), item(3, HOLDING_REGISTER, 1, 1));

        List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, NO_GAP);

        assertThat(blocks).hasSize(3);
        assertThat(blocks).allSatisfy(block -> assertThat(block.items())
                .allMatch(i -> i.unitId() == block.unitId() && i.area() == block.area()));
    }

    @Test
    void overlappingAndDuplicateChannelsShareARequest() {
        List<RequestPlanner.Item> items = List.of(item(0, HOLDING_REGISTER, 10, 4), item(1, HOLDING_REGISTER, 10, 1),
                item(2, HOLDING_REGISTER, 12, 2), item(3, HOLDING_REGISTER, 10, 4));

        List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, NO_GAP);

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).startAddress()).isEqualTo(10);
        assertThat(blocks.get(0).quantity()).isEqualTo(4);
    }

    @Test
    void bitAreasUseTheBitLimits() {
        List<RequestPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            items.add(item(i, COIL, i, 1));
        }
        assertThat(RequestPlanner.plan(items, NO_GAP)).extracting(RequestPlanner.Block::quantity)
                .containsExactly(2000, 500);
        RequestPlanner.Limits bitGap = new RequestPlanner.Limits(125, 2000, 0, 10);
        List<RequestPlanner.Item> sparse = List.of(item(0, COIL, 0, 1), item(1, COIL, 11, 1), item(2, COIL, 23, 1));
        assertThat(RequestPlanner.plan(sparse, bitGap)).extracting(RequestPlanner.Block::quantity)
                .containsExactly(12, 1);
    }

    /** Invariants on random inputs: full coverage once, limits held, no mergeable neighbours left apart. */
    @Test
    void randomPlansCoverEveryItemOnceWithinTheLimits() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            RequestPlanner.Limits limits = new RequestPlanner.Limits(4 + random.nextInt(122), 1 + random.nextInt(2000),
                    random.nextInt(4), random.nextInt(20));
            List<RequestPlanner.Item> items = new ArrayList<>();
            int count = random.nextInt(60);
            for (int i = 0; i < count; i++) {
                ModbusArea area = ModbusArea.values()[random.nextInt(4)];
                int quantity = area.isBits() ? 1 : new int[] {1, 2, 4}[random.nextInt(3)];
                items.add(new RequestPlanner.Item(i, 1 + random.nextInt(2), area, random.nextInt(300), quantity));
            }

            List<RequestPlanner.Block> blocks = RequestPlanner.plan(items, limits);

            Set<Integer> seen = new HashSet<>();
            for (RequestPlanner.Block block : blocks) {
                assertThat(block.quantity()).isLessThanOrEqualTo(limits.maxSize(block.area()));
                for (RequestPlanner.Item item : block.items()) {
                    assertThat(seen.add(item.index())).as("item %s in one block only", item.index()).isTrue();
                    assertThat(item.address()).isGreaterThanOrEqualTo(block.startAddress());
                    assertThat(item.end()).isLessThanOrEqualTo(block.startAddress() + block.quantity());
                }
            }
            assertThat(seen).hasSize(items.size());
            for (int b = 1; b < blocks.size(); b++) {
                RequestPlanner.Block previous = blocks.get(b - 1);
                RequestPlanner.Block next = blocks.get(b);
                if (previous.unitId() == next.unitId() && previous.area() == next.area()) {
                    int gap = next.startAddress() - (previous.startAddress() + previous.quantity());
                    int merged = next.startAddress() + next.items().get(0).quantity() - previous.startAddress();
                    assertThat(gap > limits.maxGap(next.area()) || merged > limits.maxSize(next.area()))
                            .as("block %s could have taken the first channel of %s", previous, next).isTrue();
                }
            }
        }
    }
}
