package dev.hostgap.platform.traces;

/**
 * Sorts arrays of event indices by a comparison of the events they point to, without boxing: a stable
 * merge sort, so that millions of events cost two int arrays and no objects.
 */
final class IndexSort {

    @FunctionalInterface
    interface IndexOrder {
        int compare(int left, int right);
    }

    private IndexSort() {
    }

    static void sort(int[] indices, int length, IndexOrder order) {
        int[] buffer = new int[length];
        int[] from = indices;
        int[] to = buffer;
        for (int width = 1; width < length; width *= 2) {
            for (int low = 0; low < length; low += 2 * width) {
                int middle = Math.min(low + width, length);
                int high = Math.min(low + 2 * width, length);
                int left = low;
                int right = middle;
                int out = low;
                while (left < middle && right < high) {
                    to[out++] = order.compare(from[left], from[right]) <= 0 ? from[left++] : from[right++];
                }
                while (left < middle) {
                    to[out++] = from[left++];
                }
                while (right < high) {
                    to[out++] = from[right++];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != indices) {
            System.arraycopy(from, 0, indices, 0, length);
        }
    }

    static int[] identity(int length) {
        int[] indices = new int[length];
        for (int i = 0; i < length; i++) {
            indices[i] = i;
        }
        return indices;
    }
}
