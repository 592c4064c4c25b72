import * as path from "path";
import * as ts from "typescript";
import { IAM_PREFIX_OF_CLIENT } from "../../handlers/manifest";

/**
 * What a handler's code can reach from its factory, found statically with the TypeScript checker: the variables
 * it requires (`requireEnv([...])`), the ones it reads when set (`process.env.X`, `optionalInteger("X", ...)`) and
 * the IAM actions of the SDK commands it constructs (`new GetItemCommand(...)` is `dynamodb:GetItem`), and the
 * error codes it can answer with (`new ConflictError(..., "OutOfStock")`, or the code an error class passes to
 * `super` itself, as `NotFoundError` does).
 *
 * The walk starts at `createHandler` and follows every identifier whose declaration is project code: a called
 * function or method is walked (only that method, not its whole class), a class's constructor and field
 * initializers when it is constructed. So a handler that uses `ProductStore.get` is charged `GetItem`, not the
 * store's other operations. Methods of an object literal that implements a project interface (`createDb`'s
 * `transaction`, typed by `Db`) are walked only where the interface's member is used, for the same reason.
 */
export interface Reach {
    required: Set<string>;
    optional: Set<string>;
    actions: Set<string>;
    errorCodes: Set<string>;
}

const ROOT = path.resolve(__dirname, "..", "..");
let program: ts.Program | undefined;

function projectProgram(files: string[]): ts.Program {
    if (program === undefined) {
        const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
        const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
        program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    }
    return program;
}

const isProjectFile = (file: string) => !file.includes(`${path.sep}node_modules${path.sep}`) && file.startsWith(ROOT);

/** The string literals of an array literal argument (`requireEnv(["A", "B"])`). */
function literals(node: ts.Expression | undefined): string[] {
    if (node === undefined || !ts.isArrayLiteralExpression(node)) return [];
    return node.elements.filter(ts.isStringLiteralLike).map((e) => e.text);
}

/**
 * Walks one handler file from its `createHandler`.
 *
 * @param files - every handler file, so one program serves all (the checker is built once).
 */
export function reachOf(handlerFile: string, files: string[]): Reach {
    const prog = projectProgram(files);
    const checker = prog.getTypeChecker();
    const source = prog.getSourceFile(handlerFile);
    if (source === undefined) throw new Error(`${handlerFile} is not part of the program`);
    const factory = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === "createHandler");
    if (factory === undefined) throw new Error(`${handlerFile} has no createHandler function`);

    const reach: Reach = { required: new Set(), optional: new Set(), actions: new Set(), errorCodes: new Set() };

    /** The project interface member an object literal member implements, if any (by the literal's contextual type). */
    const implemented = (member: ts.ObjectLiteralElementLike): ts.Declaration | undefined => {
        if (!member.name || !(ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member))) return undefined;
        const type = checker.getContextualType(member.parent as ts.ObjectLiteralExpression);
        const property = type?.getProperty(member.name.getText());
        const decl = property?.declarations?.[0];
        return decl && (ts.isMethodSignature(decl) || ts.isPropertySignature(decl)) && isProjectFile(decl.getSourceFile().fileName) ? decl : undefined;
    };
    /** Object literal members of project code by the interface member they implement. */
    let implementations: Map<ts.Declaration, ts.Node[]> | undefined;
    const implementationsOf = (signature: ts.Declaration): ts.Node[] => {
        if (implementations === undefined) {
            const index = new Map<ts.Declaration, ts.Node[]>();
            const scan = (node: ts.Node): void => {
                if (ts.isObjectLiteralExpression(node)) {
                    for (const member of node.properties) {
                        const sig = implemented(member);
                        if (sig !== undefined) index.set(sig, [...(index.get(sig) ?? []), member]);
                    }
                }
                ts.forEachChild(node, scan);
            };
            for (const file of prog.getSourceFiles()) if (isProjectFile(file.fileName) && !file.isDeclarationFile) scan(file);
            implementations = index;
        }
        return implementations.get(signature) ?? [];
    };
    const walked = new Set<ts.Node>();
    const queue: ts.Node[] = [factory];

    const declarationsOf = (node: ts.Node): ts.Declaration[] => {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        return symbol?.declarations ?? [];
    };
    const enqueue = (decl: ts.Declaration) => {
        if (!isProjectFile(decl.getSourceFile().fileName)) return;
        if (ts.isMethodSignature(decl) || ts.isPropertySignature(decl)) {
            queue.push(...implementationsOf(decl));
        } else if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) {
            for (const member of decl.members) if (ts.isConstructorDeclaration(member) || (ts.isPropertyDeclaration(member) && member.initializer)) queue.push(member);
        } else if (
            ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) ||
            ts.isGetAccessorDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isShorthandPropertyAssignment(decl)
        ) {
            queue.push(decl);
        }
    };
    const command = (expr: ts.Expression) => {
        const decl = declarationsOf(expr)[0];
        const file = decl?.getSourceFile().fileName ?? "";
        const client = /node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(file)?.[1];
        const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : "";
        if (client !== undefined && name.endsWith("Command")) {
            const prefix = IAM_PREFIX_OF_CLIENT[client];
            if (prefix === undefined) throw new Error(`${handlerFile} constructs ${name} of ${client}, which has no IAM prefix in handlers/manifest.ts`);
            reach.actions.add(`${prefix}:${name.slice(0, -"Command".length)}`);
        }
    };
    /** Whether a construction (`new`, or a constructor's `super`) makes one of the API's errors (they carry the `isApiError` brand). */
    const isApiError = (call: ts.NewExpression | ts.CallExpression) => checker.getResolvedSignature(call)?.getReturnType().getProperty("isApiError") !== undefined;
    /** The literal code an error construction passes as its `code` parameter, if it has one. */
    const errorCode = (call: ts.NewExpression | ts.CallExpression) => {
        const params = checker.getResolvedSignature(call)?.getParameters() ?? [];
        const index = params.findIndex((p) => p.name === "code");
        const arg = index < 0 ? undefined : call.arguments?.[index];
        if (arg === undefined) return;
        const type = checker.getTypeAtLocation(arg);
        if (type.isStringLiteral()) reach.errorCodes.add(type.value);
        // A computed code would escape the manifest check; inside the classes, `super(code, ...)` forwards the caller's.
        else if (call.expression.kind !== ts.SyntaxKind.SuperKeyword) throw new Error(`${call.getSourceFile().fileName}: ${call.getText()} passes a code that is not a literal`);
    };
    const visit = (node: ts.Node): void => {
        if (ts.isNewExpression(node)) {
            command(node.expression);
            if (isApiError(node)) errorCode(node);
        }
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword && isApiError(node)) errorCode(node);
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
            if (node.expression.text === "requireEnv") literals(node.arguments[0]).forEach((v) => reach.required.add(v));
            if (node.expression.text === "optionalInteger" && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) reach.optional.add(node.arguments[0].text);
        }
        if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.getText() === "process.env") reach.optional.add(node.name.text);
        if (ts.isIdentifier(node)) declarationsOf(node).forEach(enqueue);
        // An interface method's implementation is walked where the interface member is used, not where it is defined.
        if (ts.isObjectLiteralExpression(node)) {
            for (const member of node.properties) if (implemented(member) === undefined) visit(member);
            return;
        }
        ts.forEachChild(node, visit);
    };
    while (queue.length > 0) {
        const node = queue.pop() as ts.Node;
        if (walked.has(node)) continue;
        walked.add(node);
        // A queued object literal member is walked whole (visit would skip it as an implementation).
        ts.forEachChild(node, visit);
    }
    return reach;
}
