import type { CreateInstance } from "../api/client";

/** The instance types of REQ-INST-002 (the API validates them; it has no endpoint listing them). */
export const INSTANCE_TYPES: {
  id: CreateInstance["instance_type"];
  vcpus: number;
  memoryMb: number;
  diskGb: number;
}[] = [
  { id: "t2.nano", vcpus: 1, memoryMb: 512, diskGb: 8 },
  { id: "t2.micro", vcpus: 1, memoryMb: 1024, diskGb: 8 },
  { id: "t2.small", vcpus: 1, memoryMb: 2048, diskGb: 20 },
  { id: "t2.medium", vcpus: 2, memoryMb: 4096, diskGb: 30 },
  { id: "t2.large", vcpus: 2, memoryMb: 8192, diskGb: 30 },
];

export const memoryLabel = (mb: number | undefined) =>
  mb == null ? "–" : mb >= 1024 ? `${mb / 1024} GiB` : `${mb} MiB`;
