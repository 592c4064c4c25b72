import type { Checksum, SourceData } from "@smithy/types";
import { createHash, createHmac, type Hash, type Hmac } from "crypto";

const bytes = (data: SourceData): Uint8Array | string =>
    typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 (or HMAC-SHA-256 with a secret) over Node's crypto, in the shape `@smithy/signature-v4` expects. */
export class Sha256 implements Checksum {
    private hash: Hash | Hmac;

    constructor(private readonly secret?: SourceData) {
        this.hash = this.fresh();
    }

    update(data: Uint8Array): void {
        this.hash.update(bytes(data));
    }

    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
    }

    reset(): void {
        this.hash = this.fresh();
    }

    private fresh(): Hash | Hmac {
        return this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.secret));
    }
}
