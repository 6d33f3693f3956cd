/**
 * `std::sort` exactly as libstdc++ (GCC 12, Debian 12) runs it: an introsort (`__introsort_loop`,
 * partitions of more than 16 elements around the median of first+1, middle and last-1 moved to the
 * front, a heap sort below a depth of 2*floor(log2 n)), then `__final_insertion_sort`. It is not
 * stable: where equal elements end up depends on every element's key and position, which is why
 * apt's problem resolver (which sorts its whole package cache by score with it) needs this very
 * algorithm, not any sort, to visit equal-score packages in apt's order.
 *
 * Each step mirrors bits/stl_algo.h and bits/stl_heap.h, including the moves, so the permutation of
 * equal elements is the one g++ produces (gnu-introsort.test.ts checks it against g++).
 */

/** `comp(a, b)`: whether `a` goes before `b` (a strict weak order, like C++'s `Compare`). */
export type SortLess<T> = (left: T, right: T) => boolean;

/** The mutable array type sorted in place. */
export interface SortableArray<T> {
  length: number;
  [index: number]: T;
}

const threshold = 16;

/** Sorts `items` in place exactly as libstdc++'s `std::sort(first, last, comp)` does. */
export function gnuSort<T>(items: SortableArray<T>, less: SortLess<T>): void {
  const length = items.length;
  if (length === 0) return;
  introsortLoop(items, 0, length, 2 * floorLog2(length), less);
  finalInsertionSort(items, 0, length, less);
}

/** std::__lg: floor(log2 n) for n > 0. */
function floorLog2(value: number): number {
  return 31 - Math.clz32(value);
}

function introsortLoop<T>(
  items: SortableArray<T>,
  first: number,
  initialLast: number,
  initialDepth: number,
  less: SortLess<T>,
): void {
  let last = initialLast;
  let depth = initialDepth;
  while (last - first > threshold) {
    if (depth === 0) {
      // __partial_sort(first, last, last): __heap_select (make_heap only) then __sort_heap.
      makeHeap(items, first, last, less);
      sortHeap(items, first, last, less);
      return;
    }
    depth--;
    const cut = unguardedPartitionPivot(items, first, last, less);
    introsortLoop(items, cut, last, depth, less);
    last = cut;
  }
}

function swap<T>(items: SortableArray<T>, left: number, right: number): void {
  const value = items[left] as T;
  items[left] = items[right] as T;
  items[right] = value;
}

function moveMedianToFirst<T>(
  items: SortableArray<T>,
  result: number,
  a: number,
  b: number,
  c: number,
  less: SortLess<T>,
): void {
  const at = (index: number): T => items[index] as T;
  if (less(at(a), at(b))) {
    if (less(at(b), at(c))) swap(items, result, b);
    else if (less(at(a), at(c))) swap(items, result, c);
    else swap(items, result, a);
  } else if (less(at(a), at(c))) swap(items, result, a);
  else if (less(at(b), at(c))) swap(items, result, c);
  else swap(items, result, b);
}

function unguardedPartition<T>(
  items: SortableArray<T>,
  initialFirst: number,
  initialLast: number,
  pivot: number,
  less: SortLess<T>,
): number {
  let first = initialFirst;
  let last = initialLast;
  for (;;) {
    while (less(items[first] as T, items[pivot] as T)) first++;
    last--;
    while (less(items[pivot] as T, items[last] as T)) last--;
    if (!(first < last)) return first;
    swap(items, first, last);
    first++;
  }
}

function unguardedPartitionPivot<T>(
  items: SortableArray<T>,
  first: number,
  last: number,
  less: SortLess<T>,
): number {
  const middle = first + Math.floor((last - first) / 2);
  moveMedianToFirst(items, first, first + 1, middle, last - 1, less);
  return unguardedPartition(items, first + 1, last, first, less);
}

/** std::__push_heap on [first, first+...) with the hole at `holeIndex`. */
function pushHeap<T>(
  items: SortableArray<T>,
  first: number,
  initialHole: number,
  topIndex: number,
  value: T,
  less: SortLess<T>,
): void {
  let holeIndex = initialHole;
  let parent = Math.trunc((holeIndex - 1) / 2);
  while (holeIndex > topIndex && less(items[first + parent] as T, value)) {
    items[first + holeIndex] = items[first + parent] as T;
    holeIndex = parent;
    parent = Math.trunc((holeIndex - 1) / 2);
  }
  items[first + holeIndex] = value;
}

function adjustHeap<T>(
  items: SortableArray<T>,
  first: number,
  initialHole: number,
  length: number,
  value: T,
  less: SortLess<T>,
): void {
  const topIndex = initialHole;
  let holeIndex = initialHole;
  let secondChild = initialHole;
  while (secondChild < Math.trunc((length - 1) / 2)) {
    secondChild = 2 * (secondChild + 1);
    if (less(items[first + secondChild] as T, items[first + secondChild - 1] as T)) secondChild--;
    items[first + holeIndex] = items[first + secondChild] as T;
    holeIndex = secondChild;
  }
  if ((length & 1) === 0 && secondChild === Math.trunc((length - 2) / 2)) {
    secondChild = 2 * (secondChild + 1);
    items[first + holeIndex] = items[first + secondChild - 1] as T;
    holeIndex = secondChild - 1;
  }
  pushHeap(items, first, holeIndex, topIndex, value, less);
}

function makeHeap<T>(items: SortableArray<T>, first: number, last: number, less: SortLess<T>): void {
  const length = last - first;
  if (length < 2) return;
  let parent = Math.trunc((length - 2) / 2);
  for (;;) {
    adjustHeap(items, first, parent, length, items[first + parent] as T, less);
    if (parent === 0) return;
    parent--;
  }
}

function sortHeap<T>(items: SortableArray<T>, first: number, initialLast: number, less: SortLess<T>): void {
  let last = initialLast;
  while (last - first > 1) {
    last--;
    // __pop_heap(first, last, last)
    const value = items[last] as T;
    items[last] = items[first] as T;
    adjustHeap(items, first, 0, last - first, value, less);
  }
}

function unguardedLinearInsert<T>(items: SortableArray<T>, initialLast: number, less: SortLess<T>): void {
  const value = items[initialLast] as T;
  let last = initialLast;
  let next = last - 1;
  while (less(value, items[next] as T)) {
    items[last] = items[next] as T;
    last = next;
    next--;
  }
  items[last] = value;
}

function insertionSort<T>(items: SortableArray<T>, first: number, last: number, less: SortLess<T>): void {
  if (first === last) return;
  for (let index = first + 1; index !== last; index++) {
    if (less(items[index] as T, items[first] as T)) {
      const value = items[index] as T;
      for (let move = index; move > first; move--) items[move] = items[move - 1] as T;
      items[first] = value;
    } else unguardedLinearInsert(items, index, less);
  }
}

function finalInsertionSort<T>(
  items: SortableArray<T>,
  first: number,
  last: number,
  less: SortLess<T>,
): void {
  if (last - first > threshold) {
    insertionSort(items, first, first + threshold, less);
    for (let index = first + threshold; index !== last; index++) unguardedLinearInsert(items, index, less);
  } else insertionSort(items, first, last, less);
}
