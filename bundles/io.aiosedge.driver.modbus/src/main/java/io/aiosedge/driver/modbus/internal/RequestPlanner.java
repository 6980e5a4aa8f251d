package io.aiosedge.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the channels of a read into the fewest Modbus read requests.
 *
 * <p>The rule: channels are grouped by (unit id, area) and sorted by address. Walking each group in order, a
 * channel joins the current request when (a) the addresses between the request's end and the channel's
 * start number at most the gap limit (overlapping or adjacent channels have no gap) and (b) the request,
 * stretched to the channel's end, stays within the size limit; otherwise it starts a new request. Registers
 * in a gap are read and ignored. Limits are in addresses: registers for the register areas, bits for coils
 * and discrete inputs. For intervals sorted by start, this greedy walk gives the fewest requests.
 */
final class RequestPlanner {

    /** One channel to read. {@code index} is the caller's handle to find the channel again. */
    record Item(int index, int unitId, ModbusArea area, int address, int quantity) {

        int end() {
            return address + quantity;
        }
    }

    /** One read request: {@code quantity} addresses from {@code startAddress}, covering {@code items}. */
    record Block(int unitId, ModbusArea area, int startAddress, int quantity, List<Item> items) {

        Block {
            items = List.copyOf(items);
        }
    }

    /**
     * @param maxRegisters most registers per request (FC 3/4)
     * @param maxBits most coils or discrete inputs per request (FC 1/2)
     * @param maxRegisterGap most unused registers between two channels read in one request
     * @param maxBitGap most unused bits between two channels read in one request
     */
    record Limits(int maxRegisters, int maxBits, int maxRegisterGap, int maxBitGap) {

        static Limits of(DriverOptions options) {
            return new Limits(options.maxRegistersPerRequest(), options.maxBitsPerRequest(),
                    options.maxRegisterGap(), options.maxBitGap());
        }

        int maxSize(ModbusArea area) {
            return area.isBits() ? maxBits : maxRegisters;
        }

        int maxGap(ModbusArea area) {
            return area.isBits() ? maxBitGap : maxRegisterGap;
        }
    }

    private static final Comparator<Item> ORDER = Comparator.comparingInt(Item::unitId)
            .thenComparing(Item::area)
            .thenComparingInt(Item::address)
            .thenComparingInt(Item::index);

    private RequestPlanner() {
    }

    /** The requests for {@code items}, ordered by unit id, area and address; every item is in exactly one. */
    static List<Block> plan(List<Item> items, Limits limits) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(ORDER);
        List<Block> blocks = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (Item item : sorted) {
            if (item.quantity() > limits.maxSize(item.area())) {
                throw new IllegalArgumentException("channel item " + item + " is larger than a request may be");
            }
            boolean joins = !current.isEmpty()
                    && current.get(0).unitId() == item.unitId()
                    && current.get(0).area() == item.area()
                    && item.address() - end <= limits.maxGap(item.area())
                    && Math.max(end, item.end()) - start <= limits.maxSize(item.area());
            if (joins) {
                current.add(item);
                end = Math.max(end, item.end());
            } else {
                if (!current.isEmpty()) {
                    blocks.add(toBlock(current, start, end));
                }
                current = new ArrayList<>();
                current.add(item);
                start = item.address();
                end = item.end();
            }
        }
        if (!current.isEmpty()) {
            blocks.add(toBlock(current, start, end));
        }
        return blocks;
    }

    private static Block toBlock(List<Item> items, int start, int end) {
        Item first = items.get(0);
        return new Block(first.unitId(), first.area(), start, end - start, items);
    }
}
