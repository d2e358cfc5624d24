/**
What `/health/ready` reports. Liveness is simply "the process answers"; readiness turns false while
the service drains for shutdown, and while the configuration cannot work (in service mode, Meta
rejected GRAPH_API_TOKEN), so a router or load balancer sends traffic elsewhere.
*/
export class Health {
  private draining = false;
  private configurationProblem: string | undefined;
  private readonly warnings: string[] = [];
  private degradation: string | undefined;

  /** A standing warning `/health/ready` repeats while ready (e.g. authentication disabled). */
  warn(warning: string): void {
    this.warnings.push(warning);
  }

  /**
  A dependency the service can do without for a while (the state database): still ready, since
  the other operations work, but `/health/ready` names the problem until it is cleared.
  */
  degraded(problem: string | undefined): void {
    this.degradation = problem;
  }

  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Service mode only: Meta's verdict on GRAPH_API_TOKEN, from the latest upstream answer. */
  serviceTokenRejected(rejected: boolean): void {
    this.configurationProblem = rejected
      ? "Meta rejects GRAPH_API_TOKEN (invalid or expired); replace it."
      : undefined;
  }

  readiness(): { ready: true; warnings: readonly string[] } | { ready: false; reason: string } {
    if (this.draining) {
      return { ready: false, reason: "shutting down" };
    }
    if (this.configurationProblem !== undefined) {
      return { ready: false, reason: this.configurationProblem };
    }
    return {
      ready: true,
      warnings:
        this.degradation === undefined ? this.warnings : [...this.warnings, this.degradation],
    };
  }
}
