import { APIGATEWAY_CASES } from "./cases/apigateway";
import { APIGATEWAY_RESTAPI_CASES } from "./cases/apigateway-restapi";
import { CLOUDFRONT_CASES } from "./cases/cloudfront";
import { COGNITO_CASES } from "./cases/cognito";
import { LAMBDA_CASES } from "./cases/lambda";
import { WAFV2_CASES } from "./cases/wafv2";
import { describeRules } from "./harness";

describeRules("apigateway rules", APIGATEWAY_CASES);
describeRules("apigateway-restapi rules", APIGATEWAY_RESTAPI_CASES);
describeRules("cloudfront rules", CLOUDFRONT_CASES);
describeRules("wafv2 rules", WAFV2_CASES);
describeRules("cognito rules", COGNITO_CASES);
describeRules("lambda rules", LAMBDA_CASES);
