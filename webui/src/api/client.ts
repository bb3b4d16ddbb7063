import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

/** The typed client: every path, body and answer comes from webui/openapi.json (the service's OpenAPI document). */
export const api = createClient<paths>({ baseUrl: "" });

type Schemas = components["schemas"];
export type Instance = Schemas["InstanceResponse"];
export type InstanceStatus = Schemas["InstanceStatus"];
export type CreateInstance = Schemas["CreateInstanceRequest"];
export type InstanceType = Schemas["InstanceType"];
export type InstanceTypeName = Schemas["InstanceTypeName"];
export type Limits = Schemas["Limits"];
export type Image = Schemas["Image"];
export type ImportImage = Schemas["ImportImageRequest"];
export type KeyPair = Schemas["KeyPair"];
export type KeyPairRequest = Schemas["KeyPairRequest"];
export type Health = Schemas["HealthResponse"];
export type Stats = Schemas["StatsResponse"];
export type Problem = Schemas["Problem"];
export type InstanceMetrics = Schemas["InstanceMetrics"];
export type MetricSample = Schemas["MetricSample"];
export type PortForward = Schemas["PortForwardResponse"];

/** The problem type of a cause the service names by its slug, e.g. problemType("not-found"); the document lists them all. */
export const problemType = (slug: string) => `urn:ec2-as-service:problem:${slug}`;

/** A refusal or failure, carrying the server's problem+json document (REQ-USE-003). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === "object" && ("detail" in error || "title" in error)) {
    return error as Problem;
  }
  return {
    title: response.statusText || "Request failed",
    status: response.status,
    detail: typeof error === "string" && error ? error : `the service answered HTTP ${response.status}`,
  };
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the problem's detail. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (e) {
    throw new ApiError({
      title: "Service unreachable",
      status: 0,
      detail: `could not reach the service: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  if (!result.response.ok) {
    throw new ApiError(asProblem(result.error, result.response));
  }
  return result.data as T;
}

export function problemOf(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return { title: "Error", status: 0, detail: e instanceof Error ? e.message : String(e) };
}
