//! `bench-hello PORT`: answers every request on 127.0.0.1:PORT with one small JSON contact.
//!
//! The body of a request is read before the answer: a keep-alive connection whose request body
//! is left unread is closed by actix-web, which would make the create workload look slower here
//! than the server's own work explains.

use actix_web::{App, HttpResponse, HttpServer, web};

const CONTACT: &str = r#"{"id":1,"first_name":"Grace","last_name":"Hopper","email":"grace.hopper@example.com"}"#;

async fn answer(_body: web::Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(CONTACT)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args().nth(1).and_then(|p| p.parse::<u16>().ok());
    let Some(port) = port else {
        eprintln!("usage: bench-hello PORT");
        std::process::exit(2);
    };
    HttpServer::new(|| App::new().default_service(web::to(answer))).bind(("127.0.0.1", port))?.run().await
}
