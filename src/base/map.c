/* Open-addressing hash map from byte strings to pointers, and string interning on it. */
#include "base.h"

#include <stdlib.h>
#include <string.h>

uint64_t hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

void map_init(Map *map, Arena *arena) {
  memset(map, 0, sizeof(*map));
  arena_init(&map->own);
  map->arena = arena ? arena : &map->own;
}

void map_fini(Map *map) {
  free(map->slots);
  arena_fini(&map->own);
  memset(map, 0, sizeof(*map));
}

static MapEntry *map_slot(MapEntry *slots, size_t cap, const char *key, size_t len,
                          uint64_t hash) {
  size_t i = (size_t)hash & (cap - 1);
  for (;;) {
    MapEntry *e = &slots[i];
    if (!e->key) return e;
    if (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0) return e;
    i = (i + 1) & (cap - 1);
  }
}

static void map_rehash(Map *map) {
  size_t cap = map->cap ? map->cap * 2 : 16;
  MapEntry *slots = xcalloc(cap, sizeof(MapEntry));
  for (size_t i = 0; i < map->cap; i++) {
    MapEntry *e = &map->slots[i];
    if (e->key) *map_slot(slots, cap, e->key, e->len, e->hash) = *e;
  }
  free(map->slots);
  map->slots = slots;
  map->cap = cap;
}

void *map_put(Map *map, const char *key, size_t len, void *value) {
  if ((map->count + 1) * 4 > map->cap * 3) map_rehash(map);
  uint64_t h = hash_bytes(key, len);
  MapEntry *e = map_slot(map->slots, map->cap, key, len, h);
  if (e->key) {
    void *old = e->value;
    e->value = value;
    return old;
  }
  e->key = arena_strndup(map->arena, key, len);
  e->len = len;
  e->hash = h;
  e->value = value;
  map->count++;
  return NULL;
}

void *map_find(const Map *map, const char *key, size_t len) {
  if (!map->cap) return NULL;
  MapEntry *e = map_slot(map->slots, map->cap, key, len, hash_bytes(key, len));
  return e->key ? e->value : NULL;
}

void strtab_init(StrTab *tab, Arena *arena) {
  map_init(&tab->map, arena);
}

void strtab_fini(StrTab *tab) {
  map_fini(&tab->map);
}

const char *str_intern(StrTab *tab, const char *s, size_t len) {
  Map *map = &tab->map;
  if ((map->count + 1) * 4 > map->cap * 3) map_rehash(map);
  uint64_t h = hash_bytes(s, len);
  MapEntry *e = map_slot(map->slots, map->cap, s, len, h);
  if (!e->key) {
    e->key = arena_strndup(map->arena, s, len);
    e->len = len;
    e->hash = h;
    e->value = (void *)e->key;
    map->count++;
  }
  return e->value;
}
