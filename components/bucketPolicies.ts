/**
 * Bucket policy pieces shared by the components that write bucket policies. A bucket has exactly one policy, so
 * the component that knows every principal of a bucket writes it whole: DataLayer for the logs bucket,
 * EdgeSecurity for the assets and private buckets (it alone knows the distribution ARN their CloudFront
 * statements name).
 */

/** One statement of an S3 bucket policy, with resolved values (build it inside an `apply`). */
export interface BucketPolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal: "*" | { Service: string | string[] } | { AWS: string | string[] };
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * Denies every request to the bucket and its objects that does not arrive over TLS. A Deny cannot be overridden by
 * any Allow, so this one statement holds whatever else the policy grants. `s3:*` is right here: it is a Deny.
 */
export function tlsOnlyStatement(bucketArn: string): BucketPolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A bucket policy document from its statements, as the JSON string `aws.s3.BucketPolicy` takes. */
export function bucketPolicyDocument(statements: BucketPolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
